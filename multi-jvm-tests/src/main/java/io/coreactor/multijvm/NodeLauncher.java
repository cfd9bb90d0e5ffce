package io.coreactor.multijvm;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds a node's command line ({@code [ip netns exec NS] java OPTS -cp CP io.coreactor.gateway.Main
 * node FLAGS}) and starts it with stdout and stderr appended to the node's log. The class path
 * is the fat jar named by {@code -Dcoreactor.jar} when it exists, else this JVM's class path
 * (how an application that embeds coreactor runs the kit). Also waits for a started node to
 * answer and for a stopped one to be gone.
 */
final class NodeLauncher {

  static final String MAIN = "io.coreactor.gateway.Main";

  private final List<String> jvmOptions;
  private final List<String> systemProperties;
  private final Path logbackConfig;
  private final String classPath;

  NodeLauncher(List<String> jvmOptions, List<String> systemProperties, Path workDir) {
    this.jvmOptions = List.copyOf(jvmOptions);
    this.systemProperties = List.copyOf(systemProperties);
    this.logbackConfig = workDir.resolve("logback.xml");
    this.classPath = classPath();
    writeLogbackConfig();
  }

  /** The fat jar if {@code coreactor.jar} names one, else the current class path. */
  static String classPath() {
    String jar = System.getProperty("coreactor.jar");
    if (jar != null && Files.isRegularFile(Path.of(jar))) {
      return Path.of(jar).toAbsolutePath().normalize().toString();
    }
    return System.getProperty("java.class.path");
  }

  String describeClassPath() {
    return classPath.endsWith(".jar") && !classPath.contains(java.io.File.pathSeparator) ? classPath
        : "this JVM's class path";
  }

  /** The whole command for one incarnation of {@code node}. */
  List<String> command(List<String> prefix, ClusterNode node, String initialCluster, String state, String token) {
    List<String> cmd = new ArrayList<>(prefix);
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.add("-Dlogback.configurationFile=" + logbackConfig);
    cmd.addAll(systemProperties);
    cmd.addAll(List.of("-cp", classPath, MAIN, "node",
        "--name", node.name(),
        "--data-dir", node.dataDir().toString(),
        "--listen-client-urls", node.clientUrl().toString(),
        "--initial-cluster", initialCluster,
        "--initial-cluster-state", state,
        "--initial-cluster-token", token));
    return cmd;
  }

  /** Starts the command, appending to the node's log after a header line. */
  Process start(ClusterNode node, List<String> command) {
    try {
      Files.createDirectories(node.dir());
      Files.writeString(node.logFile(), "==== " + Instant.now() + " starting " + node.name() + ": "
          + String.join(" ", command) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      return new ProcessBuilder(command)
          .directory(node.dir().toFile())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(node.logFile().toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + node.name() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Waits until the node answers /health: with 200 (a leader known) or, unless {@code healthy},
   * with anything; fails when the process exits first or the timeout passes.
   */
  static void awaitAnswer(ClusterNode n, boolean healthy, Duration timeout) {
    HttpRequest health = HttpRequest.newBuilder(n.clientUrl().resolve("/health")).timeout(Duration.ofSeconds(2))
        .GET().build();
    String[] last = {"no answer yet"};
    boolean ok = Poll.until(timeout, () -> {
      if (!n.isRunning()) {
        return true;
      }
      try {
        HttpResponse<String> r = n.client().send(health, "health");
        last[0] = r.statusCode() + " " + r.body();
        return !healthy || r.statusCode() == 200;
      } catch (EtcdClient.EtcdException e) {
        last[0] = e.getMessage();
        return false;
      }
    });
    if (!n.isRunning()) {
      throw new IllegalStateException(n.name() + " exited (" + n.process().exitValue() + ") while starting:\n"
          + n.logTail(40));
    }
    if (!ok) {
      throw new IllegalStateException(n.name() + " did not become " + (healthy ? "healthy" : "reachable") + " within "
          + timeout.toSeconds() + " s (last: " + last[0] + ")");
    }
  }

  /** Waits for the process to be gone. */
  static void awaitExit(ClusterNode n, Process p, Duration timeout) {
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException(n.name() + " (pid " + p.pid() + ") did not exit within " + timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for " + n.name() + " to exit", e);
    }
  }

  private void writeLogbackConfig() {
    try (InputStream in = NodeLauncher.class.getResourceAsStream("node-logback.xml")) {
      Files.createDirectories(logbackConfig.getParent());
      Files.write(logbackConfig, in.readAllBytes());
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("cannot write " + logbackConfig, e);
    }
  }
}
