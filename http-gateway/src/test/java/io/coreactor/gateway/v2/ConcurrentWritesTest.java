package io.coreactor.gateway.v2;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Compound v2 writes racing each other from many threads: each is one guarded txn, so exactly
 * the right ones win and none is half-applied.
 */
class ConcurrentWritesTest {

  private static final int THREADS = 8;
  private final InMemoryKv kv = new InMemoryKv();
  private final KeysService keys =
      new KeysService(kv, Duration.ofSeconds(10), new StoreStats(), Clock.systemUTC());
  private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

  @AfterEach
  void stop() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    kv.close();
  }

  private static KeyRequest req(String method, String path, String form) {
    Map<String, List<String>> f = KeyRequestParser.form(form, "");
    return KeyRequestParser.parse(method, path, f);
  }

  private List<CompletableFuture<V2Event>> race(int n, java.util.function.IntFunction<KeyRequest> r) {
    List<CompletableFuture<V2Event>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int k = i;
      out.add(CompletableFuture.supplyAsync(() -> r.apply(k), pool)
          .thenCompose(q -> keys.write(q).toCompletableFuture()));
    }
    CompletableFuture.allOf(out.toArray(CompletableFuture[]::new)).exceptionally(e -> null)
        .orTimeout(30, TimeUnit.SECONDS).join();
    return out;
  }

  @Test
  void onlyOneCompareAndSwapWinsARace() {
    keys.write(req("PUT", "/cas", "value=0")).toCompletableFuture().join();
    List<CompletableFuture<V2Event>> results =
        race(32, i -> req("PUT", "/cas", "prevValue=0&value=" + (i + 1)));
    long won = results.stream().filter(f -> !f.isCompletedExceptionally()).count();
    assertThat(won).isEqualTo(1);
    for (CompletableFuture<V2Event> f : results) {
      if (f.isCompletedExceptionally()) {
        f.handle((v, e) -> {
          assertThat(KeysService.toV2(e).code()).isEqualTo(V2ErrorCode.TEST_FAILED);
          return null;
        }).join();
      }
    }
  }

  @Test
  void onlyOneCreateWinsARace() {
    List<CompletableFuture<V2Event>> results =
        race(32, i -> req("PUT", "/once/a/b", "prevExist=false&value=" + i));
    assertThat(results.stream().filter(f -> !f.isCompletedExceptionally()).count()).isEqualTo(1);
  }

  @Test
  void racingInOrderKeysGetDistinctNamesIncreasingWithCreation() {
    List<CompletableFuture<V2Event>> results = race(40, i -> req("POST", "/queue", "value=" + i));
    List<V2Event> events = results.stream().map(CompletableFuture::join).toList();
    List<V2Event> byCreation = new ArrayList<>(events);
    byCreation.sort((a, b) -> Long.compare(a.node().createdIndex(), b.node().createdIndex()));
    List<String> names = byCreation.stream().map(e -> e.node().key()).toList();
    assertThat(names).doesNotHaveDuplicates().isSorted().hasSize(40);
    V2Event listing = keys.get(req("GET", "/queue", "recursive=true")).toCompletableFuture().join();
    assertThat(listing.node().nodes()).hasSize(40);
  }

  @Test
  void aDirectoryIsNeverDeletedWhileSomethingIsCreatedInIt() {
    keys.write(req("PUT", "/d", "dir=true")).toCompletableFuture().join();
    List<CompletableFuture<V2Event>> results = race(20, i -> i % 2 == 0
        ? req("DELETE", "/d", "dir=true")
        : req("PUT", "/d/k" + i, "value=x"));
    // Either the directory survived with every child that was created in it, or it is gone and
    // so is everything in it: never children under a deleted directory.
    V2Event root = keys.get(req("GET", "/", "recursive=true")).toCompletableFuture().join();
    long created = results.stream().filter(f -> !f.isCompletedExceptionally())
        .map(CompletableFuture::join).filter(e -> e.action().equals("set")).count();
    List<V2Node> top = root.node().nodes() == null ? List.of() : root.node().nodes();
    long childrenNow = top.stream().filter(n -> "/d".equals(n.key()))
        .mapToLong(n -> n.nodes() == null ? 0 : n.nodes().size()).sum();
    assertThat(childrenNow).isLessThanOrEqualTo(created);
    assertThat(kv.range(io.coreactor.consensus.kv.RangeRequest.prefix(
        io.coreactor.consensus.kv.Bytes.of("/v2keys/d/k"))).toCompletableFuture().join().count())
        .isEqualTo(childrenNow);
  }
}
