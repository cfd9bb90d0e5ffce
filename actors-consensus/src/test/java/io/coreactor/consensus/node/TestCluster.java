package io.coreactor.consensus.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.coreactor.consensus.node.RaftNode.ProposeReply;
import io.coreactor.consensus.node.RaftNode.ReadReply;
import io.coreactor.consensus.node.RaftNode.Status;
import io.coreactor.consensus.raft.Role;
import io.coreactor.consensus.server.MemberIds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * A Raft group of n nodes named n1..n<n>, each a RaftNode in its own ActorSystem (a Pekko
 * Cluster member on a free loopback port, Artery TCP) with its own data directory and
 * {@link ListStateMachine}; ids are derived from the peer URLs, as in production.
 * Stopping a node terminates its ActorSystem without leaving the cluster, like a crash;
 * starting it again reuses its port and data directory. The fault switch
 * ({@link FaultInjection}) is on in every node, and off until {@link #cutOff} is used.
 */
final class TestCluster implements AutoCloseable {

  static final String SYSTEM = "coreactor";
  static final Duration ASK = Duration.ofSeconds(3);
  static final String TOKEN = "test-cluster";

  /** One running node. */
  record Node(long id, ActorTestKit kit, ActorRef<RaftNode.Command> ref, ListStateMachine stateMachine) {}

  private final Map<String, Integer> ports = new TreeMap<>();
  private final Map<String, Integer> joiners = new TreeMap<>();
  private final Map<Long, String> names = new TreeMap<>();
  private final Path dataRoot;
  private final String extraConfig;
  private final StorageOpener opener;
  private final Map<Long, Node> nodes = new TreeMap<>();

  TestCluster(int size, Path dataRoot, String extraConfig, StorageOpener opener) {
    this.dataRoot = dataRoot;
    this.extraConfig = extraConfig;
    this.opener = opener;
    for (int i = 1; i <= size; i++) {
      int port = freePort();
      ports.put("n" + i, port);
      names.put(MemberIds.fromPeerUrl(TOKEN, url(port)), "n" + i);
    }
  }

  private static String url(int port) {
    return "http://127.0.0.1:" + port;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The ids of the founding members, ascending. */
  List<Long> founders() {
    return names.entrySet().stream().filter(e -> ports.containsKey(e.getValue())).map(Map.Entry::getKey).toList();
  }

  /** A running node other than {@code id}. */
  long other(long id) {
    return nodes.keySet().stream().filter(n -> n != id).findFirst().orElseThrow();
  }

  Config config(long id) {
    String name = names.get(id);
    boolean joining = joiners.containsKey(name);
    Map<String, Integer> members = new TreeMap<>(ports);
    if (joining) {
      members.put(name, joiners.get(name));
    }
    String cluster = members.entrySet().stream()
        .map(e -> e.getKey() + " = \"" + url(e.getValue()) + "\"")
        .collect(Collectors.joining("\n"));
    Config config = ConfigFactory.parseString("""
        coreactor.consensus {
          name = %s
          initial-cluster-token = %s
          data-dir = "%s"
          initial-cluster { %s }
          tick-interval = 50ms
          election-ticks = 10
          heartbeat-ticks = 1
          request-timeout = 5s
          initial-cluster-state = %s
          fault-injection.enabled = true
        }
        pekko {
          loglevel = WARNING
          loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
          logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
          cluster {
            jmx.enabled = off
            gossip-interval = 200ms
            leader-actions-interval = 200ms
            seed-node-timeout = 2s
            retry-unsuccessful-join-after = 500ms
            typed.receptionist.distributed-data {
              gossip-interval = 200ms
              notify-subscribers-interval = 50ms
            }
          }
          # A stop is a crash: no graceful leave, the member just becomes unreachable.
          coordinated-shutdown {
            run-by-jvm-shutdown-hook = off
            phases.cluster-leave.enabled = off
            phases.cluster-exiting.enabled = off
            phases.cluster-exiting-done.enabled = off
            phases.cluster-shutdown.enabled = off
          }
        }
        """.formatted(name, TOKEN, dataRoot.resolve("node-" + name), cluster, joining ? "existing" : "new")
            + extraConfig)
        .withFallback(ConfigFactory.load());
    NodeSettings settings = NodeSettings.fromConfig(config);
    assertThat(settings.nodeId()).isEqualTo(id);
    return settings.clusterConfig(SYSTEM).withFallback(config).resolve();
  }

  Node start(long id) {
    Config config = config(id);
    ActorTestKit kit = ActorTestKit.create(SYSTEM, config);
    ListStateMachine stateMachine = new ListStateMachine();
    ActorRef<RaftNode.Command> ref = kit.spawn(
        RaftNode.create(NodeSettings.fromConfig(config), stateMachine, opener), "raft-kv");
    Node node = new Node(id, kit, ref, stateMachine);
    nodes.put(id, node);
    return node;
  }

  /** Starts a node that is not a founder: it joins the group once a ChangeMembership adds it. */
  Node startJoining(String name) {
    int port = joiners.computeIfAbsent(name, n -> freePort());
    long id = MemberIds.fromPeerUrl(TOKEN, url(port));
    names.put(id, name);
    return start(id);
  }

  void startAll() {
    founders().forEach(this::start);
  }

  void stop(long id) {
    Node node = nodes.remove(id);
    node.kit().shutdownTestKit();
  }

  /**
   * Cuts node {@code id} off: every other running node drops the Raft messages it would send
   * to it (and those from it) at the sender. A stop alone loses nothing in flight: Artery keeps
   * what was sent to a stopped node's address and delivers it once a node listens there again.
   */
  void cutOff(long id) {
    nodes.values().stream().filter(n -> n.id() != id)
        .forEach(n -> FaultInjection.get(n.kit().system()).drop(Set.of(id)));
  }

  /** Lifts every {@link #cutOff}. */
  void heal() {
    nodes.values().forEach(n -> FaultInjection.get(n.kit().system()).drop(Set.of()));
  }

  Node node(long id) {
    return nodes.get(id);
  }

  List<Node> running() {
    return List.copyOf(nodes.values());
  }

  Status status(long id) {
    Node node = nodes.get(id);
    TestProbe<Status> probe = node.kit().createTestProbe();
    node.ref().tell(new RaftNode.GetStatus(probe.ref()));
    return probe.receiveMessage(ASK);
  }

  ProposeReply propose(long id, String data) {
    Node node = nodes.get(id);
    TestProbe<ProposeReply> probe = node.kit().createTestProbe();
    node.ref().tell(new RaftNode.Propose(data.getBytes(StandardCharsets.UTF_8), probe.ref()));
    return probe.receiveMessage(Duration.ofSeconds(10));
  }

  ReadReply read(long id) {
    Node node = nodes.get(id);
    TestProbe<ReadReply> probe = node.kit().createTestProbe();
    node.ref().tell(new RaftNode.Read(probe.ref()));
    return probe.receiveMessage(Duration.ofSeconds(10));
  }

  /** Polls {@code assertion} until it passes or {@code max} is over. */
  <T> T await(Duration max, Supplier<T> assertion) {
    TestProbe<Object> probe = nodes.values().iterator().next().kit().createTestProbe();
    return probe.awaitAssert(max, Duration.ofMillis(100), assertion::get);
  }

  /** Waits until every running node names the same running leader, which knows it leads; returns it. */
  long awaitLeader(Duration max) {
    return await(max, () -> {
      Map<Long, Long> leaders = new TreeMap<>();
      nodes.keySet().forEach(id -> leaders.put(id, status(id).leader()));
      long leader = leaders.values().iterator().next();
      assertThat(leaders.values()).as("leaders by node %s", leaders).containsOnly(leader);
      assertThat(nodes).containsKey(leader);
      assertThat(status(leader).role()).isEqualTo(Role.LEADER);
      return leader;
    });
  }

  /** Waits until every running node's state machine holds exactly {@code expected}. */
  void awaitConverged(Duration max, List<String> expected) {
    await(max, () -> {
      for (Node node : nodes.values()) {
        assertThat(node.stateMachine().items()).as("state machine of node %d", node.id()).isEqualTo(expected);
      }
      return null;
    });
  }

  @Override
  public void close() {
    nodes.values().forEach(node -> node.kit().system().terminate());
    nodes.values().forEach(node -> node.kit().shutdownTestKit());
    nodes.clear();
  }
}
