package io.coreactor.consensus.server;

import static io.coreactor.consensus.server.KvCluster.join;
import static org.assertj.core.api.Assertions.assertThat;

import io.coreactor.consensus.client.KvClient;
import io.coreactor.consensus.client.concurrency.Election;
import io.coreactor.consensus.client.concurrency.Mutex;
import io.coreactor.consensus.client.concurrency.Session;
import io.coreactor.consensus.kv.Bytes;
import io.coreactor.consensus.kv.KeyValue;
import io.coreactor.consensus.kv.RangeRequest;
import io.coreactor.consensus.server.KvCluster.Node;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** etcd's election and mutex recipes, with their sessions on different members of three. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConcurrencyRecipesTest {

  private KvCluster cluster;
  private List<Node> nodes;

  @BeforeAll
  void start(@TempDir Path dataRoot) {
    cluster = new KvCluster(3, dataRoot, "");
    cluster.startAll();
    cluster.awaitLeader();
    nodes = cluster.running();
  }

  @AfterAll
  void stop() {
    cluster.close();
  }

  private KvClient kv(int i) {
    return nodes.get(i % nodes.size()).kv();
  }

  @Test
  void theNextCampaignerWinsWhenTheLeaderResignsOrItsSessionDies() {
    Session s1 = join(Session.create(kv(0), 2));
    Session s2 = join(Session.create(kv(1), 2));
    Session s3 = join(Session.create(kv(2), 2));
    Election e1 = new Election(s1, "/election/sched");
    Election e2 = new Election(s2, "/election/sched");
    Election e3 = new Election(s3, "/election/sched");
    List<String> observed = new CopyOnWriteArrayList<>();
    AutoCloseable observation = new Election(s3, "/election/sched").observe(kv -> observed.add(value(kv)));

    join(e1.campaign("one"));
    // Lined up one after the other: the order of create revisions is the order of succession.
    CompletableFuture<Void> second = e2.campaign("two").toCompletableFuture();
    awaitCampaigners(2);
    CompletableFuture<Void> third = e3.campaign("three").toCompletableFuture();
    awaitCampaigners(3);
    assertThat(value(join(e2.leader()).orElseThrow())).isEqualTo("one");
    join(e1.proclaim("one, again"));
    cluster.eventually(() -> assertThat(observed).contains("one, again"));
    assertThat(second).isNotDone();
    assertThat(third).isNotDone();

    join(e1.resign());
    joinOrDump(second, "/election/sched/");
    assertThat(value(join(e3.leader()).orElseThrow())).isEqualTo("two");
    assertThat(third).isNotDone();

    s2.orphan();   // the leader's session dies: its key goes when the lease expires
    joinOrDump(third, "/election/sched/");
    assertThat(value(join(e1.leader()).orElseThrow())).isEqualTo("three");
    cluster.eventually(() -> assertThat(observed).containsSubsequence("one", "one, again", "two", "three"));
    close(observation);
    s1.close();
    s3.close();
  }

  @Test
  void theMutexLetsOneHolderInAtATime() throws Exception {
    int workers = 4;
    int rounds = 3;
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger mostInside = new AtomicInteger();
    ExecutorService threads = Executors.newFixedThreadPool(workers);
    List<CompletableFuture<Void>> done = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      KvClient kv = kv(w);
      Session session = join(Session.create(kv, 5));
      Mutex mutex = new Mutex(session, "/lock/counter");
      done.add(CompletableFuture.runAsync(() -> {
        for (int r = 0; r < rounds; r++) {
          join(mutex.lock());
          mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
          // A read-modify-write that loses updates unless the lock excludes the others.
          long count = join(kv.get("/lock/count")).map(c -> Long.parseLong(value(c))).orElse(0L);
          join(kv.put("/lock/count", Long.toString(count + 1)));
          inside.decrementAndGet();
          join(mutex.unlock());
        }
        session.close();
      }, threads));
    }
    CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    threads.shutdown();

    assertThat(mostInside.get()).isEqualTo(1);
    assertThat(value(join(kv(1).get("/lock/count")).orElseThrow())).isEqualTo(Integer.toString(workers * rounds));
  }

  @Test
  void aLockIsReleasedWhenItsHoldersSessionExpires() {
    Session holder = join(Session.create(kv(0), 1));
    Session waiter = join(Session.create(kv(1), 2));
    Mutex held = new Mutex(holder, "/lock/expiry");
    Mutex wanted = new Mutex(waiter, "/lock/expiry");
    join(held.lock());
    CompletableFuture<Void> next = wanted.lock().toCompletableFuture();
    cluster.eventually(() -> assertThat(join(kv(2).range(RangeRequest.prefix(Bytes.of("/lock/expiry/")))).count())
        .isEqualTo(2));
    assertThat(next).isNotDone();

    holder.orphan();
    join(next);
    assertThat(join(kv(2).get(held.key().toStringUtf8()))).isEmpty();
    join(wanted.unlock());
    waiter.close();
  }

  private void awaitCampaigners(int count) {
    cluster.eventually(() -> assertThat(join(kv(0).range(RangeRequest.prefix(Bytes.of("/election/sched/"))))
        .count()).isEqualTo(count));
  }

  /** Waits for {@code stage}; if it does not complete, fails with what every member holds under {@code prefix}. */
  private void joinOrDump(CompletableFuture<?> stage, String prefix) {
    try {
      stage.get(15, TimeUnit.SECONDS);
    } catch (Exception e) {
      StringBuilder state = new StringBuilder();
      for (Node node : nodes) {
        state.append('\n').append(node.name()).append(": ")
            .append(join(node.kv().range(RangeRequest.prefix(Bytes.of(prefix)))).kvs());
      }
      throw new AssertionError("stage did not complete (" + e + "); keys:" + state, e);
    }
  }

  private static String value(KeyValue kv) {
    return kv.value().toStringUtf8();
  }

  private static void close(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
