package io.coreactor.multijvm;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How to build a {@link LocalCluster}. */
public final class LocalClusterBuilder {
  int nodes = 3;
  String name = "cluster";
  PartitionMode mode;
  Duration tickInterval = Duration.ofMillis(100);
  int electionTicks = 10;
  final Map<String, Object> config = new LinkedHashMap<>();
  List<String> jvmOptions = List.of("-Xms32m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
  Path workDir;

  LocalClusterBuilder() {
  }

  /** How many founding members (default 3). */
  public LocalClusterBuilder nodes(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("a cluster needs at least one node, got " + n);
    }
    this.nodes = n;
    return this;
  }

  /** Names the work dir {@code target/multijvm/<name>-<time>/}. */
  public LocalClusterBuilder name(String testName) {
    this.name = testName.replaceAll("[^A-Za-z0-9_.-]", "_");
    return this;
  }

  /** Default: NETNS when root, else FAULT_SWITCH. */
  public LocalClusterBuilder partitionMode(PartitionMode mode) {
    this.mode = mode;
    return this;
  }

  /** The Raft tick (default 100 ms). */
  public LocalClusterBuilder tickInterval(Duration d) {
    this.tickInterval = d;
    return this;
  }

  /** Ticks without a leader before a follower campaigns (default 10; randomized up to 2x). */
  public LocalClusterBuilder electionTicks(int ticks) {
    this.electionTicks = ticks;
    return this;
  }

  /** A configuration override for every node, passed as {@code -Dpath=value}. */
  public LocalClusterBuilder config(String hoconPath, Object value) {
    config.put(hoconPath, value);
    return this;
  }

  /** The node JVMs' options (default {@code -Xms32m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1}). */
  public LocalClusterBuilder jvmOptions(String... opts) {
    this.jvmOptions = List.of(opts);
    return this;
  }

  /** Default {@code target/multijvm/<name>-<timestamp>} (the module's target under Maven). */
  public LocalClusterBuilder workDir(Path dir) {
    this.workDir = dir;
    return this;
  }

  /** Starts every node; returns once each answers {@code /health} and a leader exists. */
  public LocalCluster start() {
    PartitionMode resolved = mode != null ? mode : PartitionMode.auto();
    if (resolved == PartitionMode.NETNS && !(Netns.isRoot() && Netns.ipAvailable())) {
      throw new IllegalStateException("NETNS mode needs root and iproute2's ip (root: " + Netns.isRoot() + ")");
    }
    Path dir = workDir != null ? workDir : Path.of(System.getProperty("coreactor.multijvm.dir", "target/multijvm"))
        .resolve(name + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")));
    dir = dir.toAbsolutePath().normalize();
    PeerNetwork network = resolved == PartitionMode.NETNS ? new Netns() : new FaultSwitchNetwork();
    LocalCluster cluster;
    try {
      cluster = new LocalCluster(this, network, dir);
    } catch (RuntimeException e) {
      network.close();
      throw e;
    }
    try {
      cluster.startFounders(nodes);
      return cluster;
    } catch (RuntimeException | Error e) {
      String tails = cluster.logTails(40);
      cluster.close();
      throw new IllegalStateException("cluster " + name + " did not start: " + e.getMessage() + "\n" + tails, e);
    }
  }
}
