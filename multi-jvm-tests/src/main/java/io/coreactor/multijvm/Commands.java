package io.coreactor.multijvm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs short system commands (iproute2, kill) and tells what they said. */
final class Commands {

  /** What a command printed (stdout and stderr together) and its exit code. */
  record Result(int exit, String output) {
    boolean ok() {
      return exit == 0;
    }
  }

  private Commands() {
  }

  static Result run(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(-1, "timed out: " + String.join(" ", command));
      }
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return new Result(-1, "cannot run " + String.join(" ", command) + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, "interrupted: " + String.join(" ", command));
    }
  }

  /** Runs a command that must succeed. */
  static String check(String... command) {
    Result r = run(List.of(command));
    if (!r.ok()) {
      throw new IllegalStateException("`" + String.join(" ", command) + "` failed (" + r.exit() + "): "
          + r.output().strip());
    }
    return r.output();
  }

  /** Runs a command whose failure does not matter (cleanup). */
  static Result quietly(String... command) {
    return run(List.of(command));
  }
}
