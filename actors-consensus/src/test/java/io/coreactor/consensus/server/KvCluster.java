package io.coreactor.consensus.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.coreactor.consensus.client.KvClient;
import io.coreactor.consensus.node.NodeSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;

/**
 * KV members n1..n<size>, each a {@link KvServer} in its own ActorSystem (a Pekko Cluster member
 * on a free loopback port) on real LevelDB in its own directory, with short ticks and a 1 s
 * minimum lease TTL. Stopping a member terminates its ActorSystem without leaving the cluster,
 * like a crash; starting it again reuses its port and data directory.
 */
final class KvCluster implements AutoCloseable {

  static final String SYSTEM = "coreactor";
  static final String TOKEN = "kv-test";
  static final Duration WAIT = Duration.ofSeconds(20);

  /** One running member. */
  record Node(String name, long id, ActorTestKit kit, KvNode member) {
    KvClient kv() {
      return member.kv();
    }

    ClusterView cluster() {
      return member.cluster();
    }
  }

  private final Map<String, Integer> founders = new TreeMap<>();
  private final Map<String, Integer> joiners = new TreeMap<>();
  private final Path dataRoot;
  private final String extraConfig;
  private final Map<String, Node> nodes = new TreeMap<>();

  KvCluster(int size, Path dataRoot, String extraConfig) {
    this.dataRoot = dataRoot;
    this.extraConfig = extraConfig;
    for (int i = 1; i <= size; i++) {
      founders.put("n" + i, freePort());
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String peerUrl(int port) {
    return "http://127.0.0.1:" + port;
  }

  /** A founder's or a joiner's peer URL. */
  String peerUrl(String name) {
    return peerUrl(founders.containsKey(name) ? founders.get(name) : joiners.get(name));
  }

  /** Reserves a port for a member that will join: its peer URL, for ClusterView.addMember. */
  String reserveJoiner(String name) {
    return peerUrl(joiners.computeIfAbsent(name, n -> freePort()));
  }

  Config config(String name) {
    boolean joining = joiners.containsKey(name);
    Map<String, Integer> members = new TreeMap<>(founders);
    if (joining) {
      members.put(name, joiners.get(name));
    }
    String cluster = members.entrySet().stream()
        .map(e -> e.getKey() + " = \"" + peerUrl(e.getValue()) + "\"")
        .collect(Collectors.joining("\n"));
    Config config = ConfigFactory.parseString("""
        coreactor.consensus {
          name = %s
          initial-cluster-token = %s
          initial-cluster { %s }
          initial-cluster-state = %s
          client-urls = ["http://127.0.0.1:2379/%s"]
          data-dir = "%s"
          tick-interval = 50ms
          election-ticks = 10
          request-timeout = 5s
        }
        coreactor.kv {
          min-lease-ttl = 1s
          status-interval = 50ms
          publish-retry = 200ms
        }
        pekko {
          loglevel = WARNING
          loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
          logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
          # Binding takes longer than the 3 s default when the machine is busy.
          remote.artery.bind.bind-timeout = 15s
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
          coordinated-shutdown {
            run-by-jvm-shutdown-hook = off
            phases.cluster-leave.enabled = off
            phases.cluster-exiting.enabled = off
            phases.cluster-exiting-done.enabled = off
            phases.cluster-shutdown.enabled = off
          }
        }
        """.formatted(name, TOKEN, cluster, joining ? "existing" : "new", name, dataRoot.resolve(name)) + extraConfig)
        .withFallback(ConfigFactory.load());
    return NodeSettings.fromConfig(config).clusterConfig(SYSTEM).withFallback(config).resolve();
  }

  Node start(String name) {
    Config config = config(name);
    ActorTestKit kit = ActorTestKit.create(SYSTEM, config);
    KvNode member = KvServer.start(kit.system(), config);
    Node node = new Node(name, member.memberId(), kit, member);
    nodes.put(name, node);
    return node;
  }

  void startAll() {
    founders.keySet().forEach(this::start);
  }

  /** A crash: the ActorSystem goes away without leaving the cluster. */
  void stop(String name) {
    nodes.remove(name).kit().shutdownTestKit();
  }

  Node node(String name) {
    return nodes.get(name);
  }

  Node byId(long id) {
    return nodes.values().stream().filter(n -> n.id() == id).findFirst().orElseThrow();
  }

  List<Node> running() {
    return List.copyOf(nodes.values());
  }

  /** A running member other than the one named. */
  Node other(String name) {
    return nodes.values().stream().filter(n -> !n.name().equals(name)).findFirst().orElseThrow();
  }

  /** Polls {@code assertion} until it passes or {@code max} is over. */
  <T> T await(Duration max, Supplier<T> assertion) {
    return nodes.values().iterator().next().kit().createTestProbe()
        .awaitAssert(max, Duration.ofMillis(50), assertion::get);
  }

  /** Polls {@code assertion} until it passes, for at most {@link #WAIT}. */
  void eventually(Runnable assertion) {
    await(WAIT, () -> {
      assertion.run();
      return null;
    });
  }

  /** Waits until every running member names the same running leader; returns it. */
  Node awaitLeader() {
    long leader = await(WAIT, () -> {
      Map<String, Long> leaders = new TreeMap<>();
      nodes.forEach((name, node) -> leaders.put(name, join(node.cluster().status()).leader()));
      long first = leaders.values().iterator().next();
      assertThat(leaders.values()).as("leaders by member %s", leaders).containsOnly(first);
      assertThat(nodes.values()).anyMatch(n -> n.id() == first);
      return first;
    });
    return byId(leader);
  }

  static <T> T join(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(15, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("stage failed: " + e, e);
    }
  }

  @Override
  public void close() {
    nodes.values().forEach(node -> node.kit().system().terminate());
    nodes.values().forEach(node -> node.kit().shutdownTestKit());
    nodes.clear();
  }
}
