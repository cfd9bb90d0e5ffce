package io.coreactor.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.coreactor.consensus.kv.KeyValue;
import io.coreactor.gateway.testing.HttpJson;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A JVM application embeds a node and uses its store through {@code kv()}, with HTTP clients alongside. */
class EmbeddedNodeTest {

  @TempDir
  Path data;

  @Test
  void anApplicationWritesThroughKvAndHttpClientsSeeIt() throws Exception {
    Coreactor node = Coreactor.start(NodeHttpTest.config(data, NodeHttpTest.freePort()));
    try {
      HttpJson http = new HttpJson(node.clientUrl());
      HttpJson.await(Duration.ofSeconds(30), "a leader", () -> http.get("/health").status() == 200);

      node.kv().put("/app/config", "v1").toCompletableFuture().get(10, TimeUnit.SECONDS);
      Optional<KeyValue> read = node.kv().get("/app/config").toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertThat(read).map(kv -> kv.value().toStringUtf8()).contains("v1");

      String value = http.post("/v3/kv/range", "{'key':'" + HttpJson.b64("/app/config") + "'}")
          .body().path("kvs").get(0).path("value").asText();
      assertThat(HttpJson.unb64(value)).isEqualTo("v1");
    } finally {
      node.shutdown().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
  }

  @Test
  void underConcurrentRequestsTheNodeRunsNoMoreDispatcherThreadsThanCoresOrTheConfiguredMinimumAndNoRemotingPool() throws Exception {
    Config config = ConfigFactory.parseString("coreactor.node.dispatcher-parallelism-min = 1")
        .withFallback(NodeHttpTest.config(data, NodeHttpTest.freePort()));
    // Threads of nodes that other tests stopped may linger a moment: only this node's count.
    Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
    Coreactor node = Coreactor.start(config);
    try {
      HttpJson http = new HttpJson(node.clientUrl());
      HttpJson.await(Duration.ofSeconds(30), "a leader", () -> http.get("/health").status() == 200);
      // 32 writers at once, 400 writes: Pekko's own minimum would run 8 default-dispatcher threads.
      ExecutorService writers = Executors.newFixedThreadPool(32);
      try {
        List<Future<Integer>> writes = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
          String body = "{'key':'" + HttpJson.b64("/t/" + i) + "','value':'" + HttpJson.b64("v") + "'}";
          writes.add(writers.submit(() -> http.post("/v3/kv/put", body).status()));
        }
        for (Future<Integer> w : writes) {
          assertThat(w.get(60, TimeUnit.SECONDS)).isEqualTo(200);
        }
      } finally {
        writers.shutdownNow();
      }
      int cores = Runtime.getRuntime().availableProcessors();
      // The default dispatcher runs the actors and the HTTP streams that served those writes.
      long threads = Thread.getAllStackTraces().keySet().stream()
          .filter(t -> t.isAlive() && !before.contains(t)
              && t.getName().startsWith("coreactor-pekko.actor.default-dispatcher-"))
          .count();
      assertThat(threads).as("default dispatcher threads on %d cores", cores).isBetween(1L, (long) Math.max(1, cores));
      // Artery's streams share them (coreactor.node.io-on-default-dispatcher): no pool of its own.
      assertThat(Thread.getAllStackTraces().keySet().stream()
          .filter(t -> t.isAlive() && !before.contains(t))
          .map(Thread::getName)
          .filter(name -> name.startsWith("coreactor-pekko.remote.default-remote-dispatcher-")))
          .isEmpty();
    } finally {
      node.shutdown().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
  }

  @Test
  void stoppingTheNodeEndsOpenWatchStreamsRatherThanWaitingForThem() throws Exception {
    Config config = ConfigFactory.parseString("coreactor.gateway.shutdown-timeout = 60s")
        .withFallback(NodeHttpTest.config(data, NodeHttpTest.freePort()));
    Coreactor node = Coreactor.start(config);
    HttpJson http = new HttpJson(node.clientUrl());
    HttpJson.await(Duration.ofSeconds(30), "a leader", () -> http.get("/health").status() == 200);
    HttpJson.Lines watch = http.stream("/v3/watch", "{'create_request':{'key':'" + HttpJson.b64("w") + "'}}");
    assertThat(watch.next(Duration.ofSeconds(30)).path("result").path("created").asBoolean()).isTrue();
    long start = System.nanoTime();
    node.shutdown().toCompletableFuture().get(120, TimeUnit.SECONDS);
    // Waiting for the stream to finish by itself would take the whole 60 s shutdown-timeout.
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(40));
    watch.awaitEnd(Duration.ofSeconds(10));
  }
}
