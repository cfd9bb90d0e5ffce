package io.coreactor.multijvm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * N real coreactor node JVMs on this machine, started from the built artifacts, with faults to
 * inject: kill (SIGKILL), pause/resume (SIGSTOP/SIGCONT), stop/start/restart, wipe, membership
 * changes, and partitions (see {@link PartitionMode}). Each node has its own directory under
 * {@link #workDir()} with its data and its log. Build one with {@link #builder()}, or let
 * {@link MultiJvmCluster} do it for each test.
 */
public final class LocalCluster implements AutoCloseable {

  private static final AtomicInteger CLUSTERS = new AtomicInteger();
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final String name;
  private final Path workDir;
  private final Duration tickInterval;
  private final int electionTicks;
  private final String token;
  private final PeerNetwork network;
  private final NodeLauncher launcher;
  private final long startNanos = System.nanoTime();
  private final List<ClusterNode> members = new ArrayList<>();
  private final Map<String, ClusterNode> all = new LinkedHashMap<>();
  private final Map<ClusterNode, String[]> launchArgs = new HashMap<>();   // initial cluster, state
  private final Cuts cuts;
  private final List<String> faultLog = Collections.synchronizedList(new ArrayList<>());
  private final Thread shutdownHook = new Thread(this::onJvmExit, "multijvm-shutdown");
  private int nextSlot = 1;
  private boolean closed;

  LocalCluster(LocalClusterBuilder b, PeerNetwork network, Path workDir) {
    this.name = b.name;
    this.workDir = workDir;
    this.tickInterval = b.tickInterval;
    this.electionTicks = b.electionTicks;
    this.token = "multijvm-" + ProcessHandle.current().pid() + "-" + CLUSTERS.getAndIncrement();
    this.network = network;
    this.cuts = new Cuts(network);
    List<String> props = new ArrayList<>(network.systemProperties());
    props.add("-Dcoreactor.consensus.tick-interval=" + b.tickInterval.toMillis() + "ms");
    props.add("-Dcoreactor.consensus.election-ticks=" + b.electionTicks);
    b.config.forEach((k, v) -> props.add("-D" + k + "=" + v));
    this.launcher = new NodeLauncher(b.jvmOptions, props, workDir);
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** A builder with the defaults: 3 nodes, partition mode by privilege, 100 ms ticks, 10 election ticks. */
  public static LocalClusterBuilder builder() {
    return new LocalClusterBuilder();
  }

  void startFounders(int count) {
    List<ClusterNode> founders = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      founders.add(newNode("n" + nextSlot));
    }
    String initial = founders.stream().map(n -> n.name() + "=" + n.peerUrl()).collect(Collectors.joining(","));
    String banner = "cluster " + name + ": " + count + " nodes, partitions by " + network.describe()
        + "; nodes run from " + launcher.describeClassPath() + "; work dir " + workDir;
    System.out.println("[multijvm] " + banner);
    write("cluster.txt", banner + "\n");
    record("start " + name + " in " + network.mode() + " mode");
    for (ClusterNode n : founders) {
      launchArgs.put(n, new String[] {initial, "new"});
      members.add(n);
      launch(n);
    }
    for (ClusterNode n : founders) {
      NodeLauncher.awaitAnswer(n, true, START_TIMEOUT);
    }
    awaitLeader(START_TIMEOUT);
    awaitPeersKnown(founders, START_TIMEOUT);
  }

  /**
   * Waits until every founder's Raft node has found every other one through the Pekko
   * receptionist (its log says "peer <id> is now pekko://..."). A leader can be elected while
   * two followers do not know each other yet; losing that leader early would then stall the
   * next election until they do, which is not what a test of a started cluster means. Gives up
   * quietly (with a warning) if the log never says so.
   */
  private void awaitPeersKnown(List<ClusterNode> founders, Duration timeout) {
    boolean known = Poll.until(timeout, () -> founders.stream().allMatch(n -> {
      String log = n.logTail(5000);
      return founders.stream().filter(o -> o != n)
          .allMatch(o -> log.contains("peer " + o.memberId() + " is now pekko://"));
    }));
    if (!known) {
      System.out.println("[multijvm] warning: not every node logged finding every peer within " + timeout.toSeconds() + " s");
    }
    record("peers known to each other: " + known);
  }

  private ClusterNode newNode(String nodeName) {
    if (all.containsKey(nodeName)) {
      throw new IllegalArgumentException("there was a node " + nodeName + " already: a new member needs a fresh name");
    }
    int slot = nextSlot++;
    PeerNetwork.Endpoint e = network.allocate(slot, nodeName);
    ClusterNode n = new ClusterNode(nodeName, slot, e.host(), e.clientPort(), e.peerPort(), token,
        workDir.resolve(nodeName));
    all.put(nodeName, n);
    return n;
  }

  // ---- what a test sees

  /** The current members in order (n1..nN, then added ones; removed ones are left out). */
  public synchronized List<ClusterNode> nodes() {
    return List.copyOf(members);
  }

  /** The node called {@code name} ("n1", ...), member or not. */
  public synchronized ClusterNode node(String name) {
    ClusterNode n = all.get(name);
    if (n == null) {
      throw new IllegalArgumentException("no node " + name + " in " + all.keySet());
    }
    return n;
  }

  /** {@code node("n" + oneBased)}. */
  public ClusterNode node(int oneBased) {
    return node("n" + oneBased);
  }

  public PartitionMode partitionMode() {
    return network.mode();
  }

  /** tickInterval * electionTicks: the base election timeout (randomized up to twice this). */
  public Duration electionTimeout() {
    return tickInterval.multipliedBy(electionTicks);
  }

  public Path workDir() {
    return workDir;
  }

  /** Human-readable lines "t+1234ms kill n2", for reports. */
  public List<String> faultLog() {
    synchronized (faultLog) {
      return List.copyOf(faultLog);
    }
  }

  // ---- process faults

  /** SIGKILL; returns when the process is gone. */
  public void kill(ClusterNode n) {
    Process p = n.process();
    record("kill " + n.name());
    if (p != null) {
      p.destroyForcibly();
      NodeLauncher.awaitExit(n, p, Duration.ofSeconds(30));
    }
    n.paused(false);
  }

  /** SIGSTOP: the process stays but does nothing (a long GC pause). */
  public void pause(ClusterNode n) {
    requireRunning(n);
    record("pause " + n.name());
    Commands.check("kill", "-STOP", Long.toString(n.pid()));
    n.paused(true);
  }

  /** SIGCONT. */
  public void resume(ClusterNode n) {
    requireRunning(n);
    record("resume " + n.name());
    Commands.check("kill", "-CONT", Long.toString(n.pid()));
    n.paused(false);
    cuts.reapply(n, true);
  }

  /** SIGTERM (the node shuts down in order), SIGKILL after 10 s. */
  public void stop(ClusterNode n) {
    Process p = n.process();
    record("stop " + n.name());
    if (p == null || !p.isAlive()) {
      return;
    }
    p.destroy();
    if (n.isPaused()) {
      Commands.quietly("kill", "-CONT", Long.toString(p.pid()));
    }
    try {
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        record("stop " + n.name() + ": still up after 10 s, SIGKILL");
        p.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
    }
    NodeLauncher.awaitExit(n, p, Duration.ofSeconds(30));
    n.paused(false);
  }

  /** Starts a stopped or killed node again on its data dir; returns when /health answers (no leader wait). */
  public void start(ClusterNode n) {
    if (n.isRunning()) {
      throw new IllegalStateException(n.name() + " is running already");
    }
    record("start " + n.name());
    launch(n);
    NodeLauncher.awaitAnswer(n, false, START_TIMEOUT);
    cuts.reapply(n, false);
  }

  /** stop + start. */
  public void restart(ClusterNode n) {
    stop(n);
    start(n);
  }

  /** Deletes the data dir of a node that is not running. */
  public void wipe(ClusterNode n) {
    if (n.isRunning()) {
      throw new IllegalStateException("wipe needs " + n.name() + " stopped first");
    }
    record("wipe " + n.name());
    deleteTree(n.dataDir());
  }

  // ---- membership

  /**
   * Adds a new member called {@code name} (fresh name, fresh peer URL) through a running
   * member's members API, then starts it with initial-cluster-state existing; returns once it
   * is healthy (knows a leader).
   */
  public ClusterNode addMember(String nodeName) {
    ClusterNode n;
    String initial;
    synchronized (this) {
      n = newNode(nodeName);
      List<ClusterNode> cluster = new ArrayList<>(members);
      cluster.add(n);
      initial = cluster.stream().map(m -> m.name() + "=" + m.peerUrl()).collect(Collectors.joining(","));
      launchArgs.put(n, new String[] {initial, "existing"});
    }
    record("add member " + n.name() + " (" + n.memberIdHex() + ", " + n.peerUrl() + ")");
    MembersApi.add(this::memberToAsk, n);
    synchronized (this) {
      members.add(n);
    }
    launch(n);
    NodeLauncher.awaitAnswer(n, true, START_TIMEOUT);
    return n;
  }

  /** Removes {@code n} through another running member's members API, then stops its process. */
  public void removeMember(ClusterNode n) {
    record("remove member " + n.name() + " (" + n.memberIdHex() + ")");
    MembersApi.remove(this::memberToAsk, n);
    synchronized (this) {
      members.remove(n);
    }
    cuts.forget(n);
    stop(n);
  }

  // ---- partitions

  /**
   * Nodes in different groups exchange no peer traffic; a member in no group is cut off from
   * all. Client traffic from the test JVM to every node keeps working.
   */
  @SafeVarargs
  public final void partition(List<ClusterNode>... groups) {
    record("partition " + Arrays.stream(groups).map(g -> g.stream().map(ClusterNode::name).toList().toString())
        .collect(Collectors.joining(" | ")));
    cuts.partition(nodes(), List.of(groups));
  }

  /** Every peer link back. */
  public void heal() {
    record("heal");
    cuts.heal(nodes());
  }

  // ---- leaders

  /** The running, unpaused member that reports itself leader with the highest term, if any. */
  public Optional<ClusterNode> leader() {
    return ClusterProbe.leader(reachable());
  }

  /** Polls {@link #leader()}; on timeout an AssertionError with every node's status. */
  public ClusterNode awaitLeader(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<ClusterNode> leader = leader();
      if (leader.isPresent()) {
        return leader.get();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no leader within " + timeout.toMillis() + " ms:\n" + statusReport());
      }
      Poll.nap();
    }
  }

  /**
   * Waits until every running, unpaused member reports the same revision and the same HashKV
   * (they applied the same history); on timeout an AssertionError with what each reported.
   * Returns that revision.
   */
  public long awaitConverged(Duration timeout) {
    return ClusterProbe.awaitConverged(this::reachable, timeout);
  }

  /** One line per node: its process state and status (or why there is none). */
  public String statusReport() {
    List<ClusterNode> nodes;
    synchronized (this) {
      nodes = List.copyOf(all.values());
    }
    return ClusterProbe.statusReport(nodes);
  }

  /** The last {@code lines} lines of every node's log, each under a heading. */
  public String logTails(int lines) {
    StringBuilder out = new StringBuilder();
    for (ClusterNode n : List.copyOf(all.values())) {
      out.append("---- ").append(n.name()).append(" (").append(n.logFile()).append("), last ").append(lines)
          .append(" lines:\n").append(n.logTail(lines)).append('\n');
    }
    return out.toString();
  }

  /** Kills every process and removes namespaces and bridge; keeps the work dir (logs, data). */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    record("close");
    killAll();
    network.close();
    write("fault-log.txt", String.join("\n", faultLog()) + "\n");
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down already
    }
  }

  // ---- plumbing

  /** The leader, else any running member: where member changes are sent. */
  private Optional<ClusterNode> memberToAsk() {
    return leader().or(() -> reachable().stream().findFirst());
  }

  private synchronized List<ClusterNode> reachable() {
    return members.stream().filter(n -> n.isRunning() && !n.isPaused()).toList();
  }

  private void launch(ClusterNode n) {
    String[] args;
    synchronized (this) {
      args = launchArgs.get(n);
    }
    network.prepare(n);
    List<String> command = launcher.command(network.launchPrefix(n), n, args[0], args[1], token);
    n.started(launcher.start(n, command));
  }

  private void requireRunning(ClusterNode n) {
    if (!n.isRunning()) {
      throw new IllegalStateException(n.name() + " is not running");
    }
  }

  /** The test JVM is exiting without close(): leave no node processes or namespaces behind. */
  private void onJvmExit() {
    killAll();
    network.close();
  }

  private void killAll() {
    for (ClusterNode n : List.copyOf(all.values())) {
      Process p = n.process();
      if (p != null && p.isAlive()) {
        p.destroyForcibly();
        try {
          p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private void record(String what) {
    long ms = (System.nanoTime() - startNanos) / 1_000_000;
    faultLog.add("t+" + ms + "ms " + what);
  }

  private void write(String file, String text) {
    try {
      Files.createDirectories(workDir);
      Files.writeString(workDir.resolve(file), text);
    } catch (IOException e) {
      // reports are a convenience
    }
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot delete " + dir + ": " + e.getMessage(), e);
    }
  }
}
