package io.coreactor.consensus.server;

import static io.coreactor.consensus.server.KvCluster.WAIT;
import static io.coreactor.consensus.server.KvCluster.join;
import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.coreactor.consensus.client.KvClient;
import io.coreactor.consensus.client.Watch;
import io.coreactor.consensus.client.WatchRequest;
import io.coreactor.consensus.client.WatchResponse;
import io.coreactor.consensus.kv.Bytes;
import io.coreactor.consensus.kv.Event;
import io.coreactor.consensus.kv.KvError;
import io.coreactor.consensus.kv.KvException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One member on its own (local ActorSystem, LevelDB): watch progress notifications, filters,
 * a listener too slow to keep up, cancel and stop; auto compaction; a restart from disk.
 */
class SingleMemberTest {

  @TempDir
  Path dataDir;

  private ActorTestKit kit;
  private Config config;
  private KvNode node;

  @BeforeEach
  void start() {
    config = ConfigFactory.parseString("""
        coreactor.consensus {
          name = solo
          peer-url = "http://127.0.0.1:%d"
          data-dir = "%s"
          tick-interval = 20ms
          snapshot-count = 5
        }
        coreactor.kv {
          progress-notify-interval = 200ms
          watch-buffer = 4
          auto-compaction-retention = 5
          auto-compaction-interval = 200ms
          status-interval = 20ms
        }
        pekko.loglevel = WARNING
        """.formatted(KvCluster.freePort(), dataDir.resolve("solo"))).withFallback(ConfigFactory.load()).resolve();
    kit = ActorTestKit.create("solo", config);
    node = KvServer.start(kit.system(), config);
  }

  @AfterEach
  void stop() {
    kit.shutdownTestKit();
  }

  private KvClient kv() {
    return node.kv();
  }

  private void eventually(Runnable assertion) {
    kit.createTestProbe().awaitAssert(WAIT, () -> {
      assertion.run();
      return null;
    });
  }

  @Test
  void progressNotificationsCarryTheRevisionWhenNothingHappens() {
    List<WatchResponse> responses = new CopyOnWriteArrayList<>();
    kv().watch(WatchRequest.prefix(Bytes.of("/p/")).withProgressNotify(true), responses::add);
    long revision = join(kv().put("/elsewhere", "x")).header().revision();

    eventually(() -> assertThat(responses).anySatisfy(r -> {
      assertThat(r.isProgressNotify()).isTrue();
      assertThat(r.header().revision()).isEqualTo(revision);
    }));
    assertThat(responses.get(0).created()).isTrue();
  }

  @Test
  void filtersAndPreviousValuesShapeWhatAWatchGets() {
    List<WatchResponse> deletes = new CopyOnWriteArrayList<>();
    List<WatchResponse> puts = new CopyOnWriteArrayList<>();
    kv().watch(WatchRequest.key(Bytes.of("/f")).withFilters(true, false).withPrevKv(true), deletes::add);
    kv().watch(WatchRequest.key(Bytes.of("/f")).withFilters(false, true), puts::add);
    eventually(() -> assertThat(deletes.size() + puts.size()).isEqualTo(2));

    join(kv().put("/f", "1"));
    join(kv().put("/f", "2"));
    join(kv().delete("/f"));

    eventually(() -> assertThat(events(deletes)).hasSize(1));
    eventually(() -> assertThat(events(puts)).hasSize(2));
    assertThat(events(deletes).get(0).type()).isEqualTo(Event.Type.DELETE);
    assertThat(events(deletes).get(0).prevKv().value().toStringUtf8()).isEqualTo("2");
    assertThat(events(puts)).allSatisfy(e -> {
      assertThat(e.type()).isEqualTo(Event.Type.PUT);
      assertThat(e.prevKv()).isNull();
    });
  }

  @Test
  void aListenerTooSlowToKeepUpHasItsWatchCanceledWithoutHoldingUpWrites() throws InterruptedException {
    CountDownLatch release = new CountDownLatch(1);
    List<WatchResponse> responses = new CopyOnWriteArrayList<>();
    kv().watch(WatchRequest.prefix(Bytes.of("/slow/")), response -> {
      await(release);
      responses.add(response);
    });

    for (int i = 0; i < 20; i++) {
      join(kv().put("/slow/" + i, "v"));   // applies go on while the listener is stuck
    }
    release.countDown();

    eventually(() -> assertThat(responses).last().satisfies(r -> {
      assertThat(r.canceled()).isTrue();
      assertThat(r.cancelReason()).contains("too slow");
    }));
    assertThat(events(responses)).hasSizeLessThan(20);
  }

  @Test
  void cancelAndStopEndWatchesWithACanceledResponse() {
    List<WatchResponse> canceled = new CopyOnWriteArrayList<>();
    List<WatchResponse> stopped = new CopyOnWriteArrayList<>();
    Watch watch = kv().watch(WatchRequest.key(Bytes.of("/c")), canceled::add);
    kv().watch(WatchRequest.key(Bytes.of("/c")), stopped::add);
    join(kv().put("/c", "1"));
    eventually(() -> assertThat(events(canceled)).hasSize(1));

    watch.cancel();
    eventually(() -> assertThat(canceled).last().matches(WatchResponse::canceled));
    join(kv().put("/c", "2"));
    eventually(() -> assertThat(events(stopped)).hasSize(2));
    assertThat(events(canceled)).hasSize(1);

    join(node.stop());
    eventually(() -> assertThat(stopped).last().satisfies(r -> {
      assertThat(r.canceled()).isTrue();
      assertThat(r.cancelReason()).isEqualTo("node stopped");
    }));
    assertThat(KvServerTest.failure(kv().put("/c", "3"))).isInstanceOfSatisfying(KvException.class,
        e -> assertThat(e.error()).isEqualTo(KvError.STOPPED));
    List<WatchResponse> late = new CopyOnWriteArrayList<>();
    kv().watch(WatchRequest.key(Bytes.of("/c")), late::add);
    eventually(() -> assertThat(late).singleElement().matches(WatchResponse::canceled));
  }

  @Test
  void theLeaderCompactsAllButTheLastRevisionsAndARestartRecoversFromDisk() {
    long revision = 0;
    for (int i = 0; i < 20; i++) {
      revision = join(kv().put("/auto/" + (i % 3), Integer.toString(i))).header().revision();
    }
    long last = revision;
    eventually(() -> assertThat(join(node.cluster().status()).compactRevision()).isEqualTo(last - 5));

    join(node.stop());
    node = KvServer.start(kit.system(), config);   // same data directory: snapshot + log

    assertThat(join(kv().get("/auto/1")).orElseThrow().value().toStringUtf8()).isEqualTo("19");
    NodeStatus status = join(node.cluster().status());
    assertThat(status.revision()).isEqualTo(last);
    assertThat(status.compactRevision()).isEqualTo(last - 5);
    eventually(() -> assertThat(join(node.cluster().members())).singleElement().satisfies(m -> {
      assertThat(m.name()).isEqualTo("solo");
      assertThat(m.clientUrls()).containsExactly("http://127.0.0.1:2379");
    }));
  }

  private static List<Event> events(List<WatchResponse> responses) {
    return responses.stream().flatMap(r -> r.events().stream()).toList();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
