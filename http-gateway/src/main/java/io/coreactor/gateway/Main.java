package io.coreactor.gateway;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The {@code coreactor} command line: {@code coreactor node --config FILE [flags]} runs a node. */
@Command(name = "coreactor", mixinStandardHelpOptions = true, version = "coreactor (etcd API " + NodeRoutes.ETCD_VERSION + ")",
    description = "The CoreOS stack on Apache Pekko.", subcommands = {Main.Node.class})
public final class Main implements Runnable {

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  /** Runs one node in the foreground until SIGTERM or Ctrl-C. */
  @Command(name = "node", mixinStandardHelpOptions = true,
      description = "Run a node: the store (etcd's v3 API) and its HTTP gateway.")
  static final class Node implements Callable<Integer> {

    @Mixin
    NodeOptions options;

    @Override
    public Integer call() {
      long start = System.nanoTime();
      Coreactor node;
      try {
        node = Coreactor.start(options.load());
      } catch (RuntimeException e) {
        System.err.println("coreactor: cannot start: " + e.getMessage());
        return 1;
      }
      System.out.printf("coreactor: serving clients at %s (started in %d ms)%n", node.clientUrl(),
          Duration.ofNanos(System.nanoTime() - start).toMillis());
      // Pekko's coordinated shutdown runs on SIGTERM/Ctrl-C and stops the node; wait for it.
      node.whenTerminated().toCompletableFuture().join();
      return 0;
    }
  }
}
