package io.coreactor.gateway.v2;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs Debian's etcdctl (3.4) with {@code ETCDCTL_API=2} against 127.0.0.1 endpoints, every run
 * bounded. Tests that need it skip when it is missing, except under {@code CI=true}.
 */
final class Etcdctl {

  /** One finished run. */
  record Result(int exit, String out, String err) {}

  private final String endpoints;

  Etcdctl(String endpoints) {
    this.endpoints = endpoints;
  }

  /** Skips the calling test when etcdctl is absent, or fails it when running in CI. */
  static void assumeInstalled() {
    boolean found = false;
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      found |= new File(dir, "etcdctl").canExecute();
    }
    if (!found && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("etcdctl is required under CI=true (apt-get install etcd-client)");
    }
    Assumptions.assumeTrue(found, "etcdctl not installed (apt-get install etcd-client)");
  }

  private ProcessBuilder builder(String... args) {
    List<String> cmd = new ArrayList<>(List.of("etcdctl", "--endpoints", endpoints));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("ETCDCTL_API", "2");
    pb.environment().remove("ETCDCTL_ENDPOINTS");
    return pb;
  }

  Result run(String... args) throws IOException, InterruptedException {
    Process p = builder(args).start();
    p.getOutputStream().close();
    Drain out = new Drain(p.getInputStream());
    Drain err = new Drain(p.getErrorStream());
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("etcdctl " + String.join(" ", args) + " did not finish in 30 s");
    }
    out.join(5000);
    err.join(5000);
    Result r = new Result(p.exitValue(), out.text(), err.text());
    System.out.printf("$ ETCDCTL_API=2 etcdctl %s%n%s%s[exit %d]%n", String.join(" ", args),
        r.out(), r.err(), r.exit());
    return r;
  }

  /** A run left going (watch, exec-watch); its output is read with {@link Background#await}. */
  Background start(String... args) throws IOException {
    Process p = builder(args).start();
    p.getOutputStream().close();
    return new Background(p, new Drain(p.getInputStream()), new Drain(p.getErrorStream()));
  }

  /** A running etcdctl. */
  record Background(Process process, Drain out, Drain err) implements AutoCloseable {

    /** Waits (bounded) until stdout contains {@code text}; answers stdout so far. */
    String await(String text, long seconds) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      while (!out.text().contains(text) && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      return out.text();
    }

    boolean exited(long seconds) throws InterruptedException {
      return process.waitFor(seconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
      process.destroy();
      try {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Collects a stream on its own thread. */
  static final class Drain extends Thread {
    private final InputStream in;
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

    Drain(InputStream in) {
      this.in = in;
      setDaemon(true);
      start();
    }

    @Override
    public void run() {
      byte[] b = new byte[4096];
      try {
        for (int n; (n = in.read(b)) > 0; ) {
          synchronized (buf) {
            buf.write(b, 0, n);
          }
        }
      } catch (IOException e) {
        // The process ended.
      }
    }

    String text() {
      synchronized (buf) {
        return buf.toString(StandardCharsets.UTF_8);
      }
    }
  }
}
