package io.coreactor.gateway.v2;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.path;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.coreactor.consensus.node.NodeSettings;
import io.coreactor.consensus.server.KvNode;
import io.coreactor.consensus.server.KvServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;

/**
 * Three real etcd members ({@link KvServer} on Raft and LevelDB, each in its own ActorSystem on
 * loopback) in this JVM, each serving {@link V2Routes} and {@code /health} on 127.0.0.1, with
 * those URLs published as the members' client URLs.
 */
final class RaftV2Cluster implements AutoCloseable {

  /** One member: its test kit, the etcd member and its HTTP binding. */
  record Member(ActorTestKit kit, KvNode node, ServerBinding binding, String url) {}

  final List<Member> members = new ArrayList<>();

  RaftV2Cluster(Path dataRoot) throws Exception {
    List<Integer> peers = List.of(freePort(), freePort(), freePort());
    List<Integer> clients = List.of(freePort(), freePort(), freePort());
    String initial = java.util.stream.IntStream.range(0, 3)
        .mapToObj(i -> "n" + (i + 1) + " = \"http://127.0.0.1:" + peers.get(i) + "\"")
        .collect(Collectors.joining("\n"));
    for (int i = 0; i < 3; i++) {
      String name = "n" + (i + 1);
      String url = "http://127.0.0.1:" + clients.get(i);
      Config config = config(name, initial, url, dataRoot.resolve(name));
      ActorTestKit kit = ActorTestKit.create("coreactor", config);
      KvNode node = KvServer.start(kit.system(), config);
      V2Routes v2 = new V2Routes(node.kv(), node.cluster(), new ObjectMapper(),
          Duration.ofSeconds(5), java.time.Clock.systemUTC(), Duration.ofMillis(100));
      ServerBinding binding = Http.get(kit.system()).newServerAt("127.0.0.1", clients.get(i))
          .bind(concat(v2.route(), path("health", () -> complete(
              HttpEntities.create(ContentTypes.APPLICATION_JSON, "{\"health\":\"true\"}")))))
          .toCompletableFuture().get(20, TimeUnit.SECONDS);
      members.add(new Member(kit, node, binding, url));
    }
  }

  List<String> urls() {
    return members.stream().map(Member::url).toList();
  }

  /** Waits (bounded) until every member names the same leader and publishes its client URL. */
  void awaitReady() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      try {
        long leader = members.get(0).node().cluster().status().toCompletableFuture()
            .get(5, TimeUnit.SECONDS).leader();
        boolean agreed = leader != 0;
        for (Member m : members) {
          agreed &= m.node().cluster().status().toCompletableFuture().get(5, TimeUnit.SECONDS)
              .leader() == leader;
        }
        boolean published = members.get(0).node().cluster().members().toCompletableFuture()
            .get(5, TimeUnit.SECONDS).stream().allMatch(m -> !m.clientUrls().isEmpty());
        if (agreed && published) {
          return;
        }
      } catch (Exception e) {
        // Not ready yet.
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the 3 members did not agree on a leader and publish in 60 s");
  }

  private static Config config(String name, String initial, String clientUrl, Path dataDir) {
    Config config = ConfigFactory.parseString("""
        coreactor.consensus {
          name = %s
          initial-cluster-token = v2-test
          initial-cluster { %s }
          initial-cluster-state = new
          client-urls = ["%s"]
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
          remote.artery.bind.bind-timeout = 15s
          cluster {
            jmx.enabled = off
            seed-node-timeout = 2s
            retry-unsuccessful-join-after = 500ms
          }
          coordinated-shutdown.run-by-jvm-shutdown-hook = off
        }
        """.formatted(name, initial, clientUrl, dataDir)).withFallback(ConfigFactory.load());
    return NodeSettings.fromConfig(config).clusterConfig("coreactor").withFallback(config)
        .resolve();
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    for (Member m : members) {
      m.binding().unbind();
      m.kit().system().terminate();
    }
    members.forEach(m -> m.kit().shutdownTestKit());
  }
}
