package io.coreactor.multijvm;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NETNS mode (root): one bridge per cluster in the root namespace holding the test JVM's
 * address {@code 10.A.B.254/24}; per node a network namespace joined to the bridge by a veth
 * pair, with address {@code 10.A.B.<slot>} and lo up. Nodes listen on their own address with
 * the fixed ports 2379 (clients) and 2380 (peers). A partition is blackhole routes to the
 * other side's /32s inside each node's namespace; the bridge address keeps reaching every node.
 *
 * <p>Names carry the owner JVM's pid (base 36) and a counter: bridge {@code cab<pid>x<k>},
 * veth {@code cav<pid>x<k>n<slot>} (inside: {@code cap...}), namespace
 * {@code coreactor-<pid>-<k>-<name>}; leftovers of JVMs that are gone are removed at start.
 */
final class Netns implements PeerNetwork {

  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static final Pattern LINK = Pattern.compile("^\\d+: (ca[bv]([0-9a-z]+)x[0-9a-z]+(?:n\\d+)?)[@:]");
  private static final Pattern NETNS = Pattern.compile("^(coreactor-(\\d+)-\\S+)");
  private static final Path LOCK = Path.of(System.getProperty("java.io.tmpdir"), "coreactor-multijvm-netns.lock");
  private static volatile boolean swept;

  private final String tag;
  private final String nsPrefix;
  private final String bridge;
  private final String subnet;   // "10.A.B."
  private final Map<ClusterNode, Set<String>> routes = new HashMap<>();
  private final List<String> namespaces = new ArrayList<>();

  Netns() {
    long pid = ProcessHandle.current().pid();
    int k = COUNTER.getAndIncrement();
    this.tag = Long.toString(pid, 36) + "x" + Integer.toString(k, 36);
    this.nsPrefix = "coreactor-" + pid + "-" + k + "-";
    this.bridge = "cab" + tag;
    sweepLeftovers();
    String chosen;
    try (FileChannel ch = FileChannel.open(LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
         FileLock lock = ch.lock()) {
      chosen = freeSubnet(pid, k);
      Commands.quietly("ip", "link", "del", bridge);
      Commands.check("ip", "link", "add", bridge, "type", "bridge");
      Commands.check("ip", "addr", "add", chosen + "254/24", "dev", bridge);
      Commands.check("ip", "link", "set", bridge, "up");
    } catch (IOException e) {
      throw new IllegalStateException("cannot lock " + LOCK, e);
    }
    this.subnet = chosen;
  }

  /** Effective uid 0. */
  static boolean isRoot() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return line.split("\\s+")[2].equals("0");
        }
      }
    } catch (IOException | RuntimeException e) {
      return false;
    }
    return false;
  }

  /** iproute2's {@code ip} is on the PATH. */
  static boolean ipAvailable() {
    return Commands.run(List.of("ip", "-V")).ok();
  }

  @Override
  public PartitionMode mode() {
    return PartitionMode.NETNS;
  }

  @Override
  public String describe() {
    return "NETNS (bridge " + bridge + ", " + subnet + "0/24, host " + subnet + "254, namespaces " + nsPrefix + "*)";
  }

  @Override
  public Endpoint allocate(int slot, String name) {
    if (slot < 1 || slot > 250) {
      throw new IllegalArgumentException("slot " + slot + " out of 1..250");
    }
    return new Endpoint(subnet + slot, 2379, 2380);
  }

  @Override
  public synchronized void prepare(ClusterNode node) {
    String ns = namespace(node);
    if (namespaces.contains(ns)) {
      return;
    }
    String host = "cav" + tag + "n" + node.slot();
    String peer = "cap" + tag + "n" + node.slot();
    Commands.quietly("ip", "netns", "del", ns);
    Commands.quietly("ip", "link", "del", host);
    Commands.check("ip", "netns", "add", ns);
    namespaces.add(ns);
    Commands.check("ip", "link", "add", host, "type", "veth", "peer", "name", peer);
    Commands.check("ip", "link", "set", peer, "netns", ns);
    Commands.check("ip", "link", "set", host, "master", bridge);
    Commands.check("ip", "link", "set", host, "up");
    Commands.check("ip", "-n", ns, "addr", "add", node.host() + "/24", "dev", peer);
    Commands.check("ip", "-n", ns, "link", "set", peer, "up");
    Commands.check("ip", "-n", ns, "link", "set", "lo", "up");
  }

  @Override
  public List<String> launchPrefix(ClusterNode node) {
    // ip netns exec execs the command in place: the process started is the JVM itself.
    return List.of("ip", "netns", "exec", namespace(node));
  }

  @Override
  public List<String> systemProperties() {
    return List.of();
  }

  @Override
  public synchronized boolean apply(ClusterNode node, Set<ClusterNode> blocked) {
    String ns = namespace(node);
    Set<String> want = new HashSet<>();
    blocked.forEach(b -> want.add(b.host() + "/32"));
    Set<String> have = routes.computeIfAbsent(node, n -> new HashSet<>());
    for (String dst : new ArrayList<>(have)) {
      if (!want.contains(dst)) {
        Commands.check("ip", "-n", ns, "route", "del", "blackhole", dst);
        have.remove(dst);
      }
    }
    for (String dst : want) {
      if (!have.contains(dst)) {
        Commands.check("ip", "-n", ns, "route", "replace", "blackhole", dst);
        have.add(dst);
      }
    }
    return true;
  }

  @Override
  public synchronized void close() {
    for (String ns : namespaces) {
      Commands.quietly("ip", "netns", "del", ns);   // takes the veth pair with it
    }
    namespaces.clear();
    Commands.quietly("ip", "link", "del", bridge);
  }

  private String namespace(ClusterNode node) {
    return nsPrefix + node.name();
  }

  /** 10.A.B. with A, B from pid and counter, moved on past subnets some interface already uses. */
  private static String freeSubnet(long pid, int k) {
    String addresses = Commands.check("ip", "-o", "-4", "addr", "show") + Commands.check("ip", "-4", "route", "show");
    int seed = (int) ((pid * 31 + k) % (128 * 256));
    for (int i = 0; i < 128 * 256; i++) {
      int v = (seed + i * 7919) % (128 * 256);
      String candidate = "10." + (64 + v / 256) + "." + (v % 256) + ".";
      if (!addresses.contains(" " + candidate) && !addresses.contains("\n" + candidate)
          && !addresses.startsWith(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("no free 10.x.y.0/24 subnet for a cluster bridge");
  }

  /** Removes bridges, veths and namespaces (and node JVMs in them) of kit JVMs that are gone. */
  private static synchronized void sweepLeftovers() {
    if (swept) {
      return;
    }
    swept = true;
    for (String line : Commands.quietly("ip", "netns", "list").output().split("\n")) {
      Matcher m = NETNS.matcher(line.strip());
      if (m.find() && !alive(Long.parseLong(m.group(2)))) {
        for (String pid : Commands.quietly("ip", "netns", "pids", m.group(1)).output().split("\\s+")) {
          if (pid.matches("\\d+")) {
            ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
          }
        }
        Commands.quietly("ip", "netns", "del", m.group(1));
      }
    }
    for (String line : Commands.quietly("ip", "-o", "link", "show").output().split("\n")) {
      Matcher m = LINK.matcher(line);
      if (m.find() && !alive(Long.parseLong(m.group(2), 36))) {
        Commands.quietly("ip", "link", "del", m.group(1));
      }
    }
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }
}
