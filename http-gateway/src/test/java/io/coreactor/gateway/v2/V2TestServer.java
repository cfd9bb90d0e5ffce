package io.coreactor.gateway.v2;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.path;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;

/**
 * {@link V2Routes} bound on 127.0.0.1 (a free port) over an in-memory store, for tests with real
 * HTTP clients; also answers {@code /health} as etcd does, which etcdctl's cluster-health reads.
 */
final class V2TestServer implements AutoCloseable {

  final ActorSystem system;
  final InMemoryKv kv = new InMemoryKv();
  final FakeCluster cluster;
  final ServerBinding binding;
  final String url;

  V2TestServer() throws Exception {
    system = ActorSystem.create("v2-test-server", ConfigFactory.parseString(
        "pekko.loglevel = WARNING\npekko.http.server.idle-timeout = 120s"));
    java.net.ServerSocket probe = new java.net.ServerSocket(0, 1,
        java.net.InetAddress.getByName("127.0.0.1"));
    int port = probe.getLocalPort();
    probe.close();
    url = "http://127.0.0.1:" + port;
    cluster = FakeCluster.single(kv, url);
    V2Routes v2 = new V2Routes(kv, cluster, new ObjectMapper(), Duration.ofSeconds(5),
        java.time.Clock.systemUTC(), Duration.ofMillis(100));
    binding = Http.get(system).newServerAt("127.0.0.1", port)
        .bind(concat(v2.route(), path("health", () -> complete(
            HttpEntities.create(ContentTypes.APPLICATION_JSON, "{\"health\":\"true\"}")))))
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    try {
      binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
      kv.close();
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("could not stop the test server", e);
    }
  }
}
