package io.coreactor.gateway.v2;

import io.coreactor.consensus.client.KvClient;
import io.coreactor.consensus.client.Watch;
import io.coreactor.consensus.client.WatchRequest;
import io.coreactor.consensus.client.WatchResponse;
import io.coreactor.consensus.kv.Event;
import io.coreactor.consensus.server.ClusterView;
import io.coreactor.consensus.server.NodeStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * etcd 2's {@code wait=true}: a v3 watch over the whole v2 key space from {@code waitIndex}
 * (history first, then live), mapped to v2 events and filtered to the watched path; answers the
 * first match, or every match with {@code stream=true}. The v3 watch ends with the HTTP response.
 */
final class KeyWatcher {

  /** How many events etcd 2 keeps: a waitIndex older than that is answered 401. */
  static final long HISTORY = 1000;

  private static final int BUFFER = 256;

  /** A started watch: the member's status when it started (may be null) and its events. */
  record Started(NodeStatus status, long index, Source<ByteString, NotUsed> events) {}

  /** What a long poll writes while idle: JSON readers skip it, and it reveals a hung-up client. */
  private static final ByteString HEARTBEAT = ByteString.fromString("\n");

  private final KvClient kv;
  private final ClusterView cluster;
  private final V2Http http;
  private final StoreStats stats;
  private final Duration heartbeat;

  KeyWatcher(KvClient kv, ClusterView cluster, V2Http http, StoreStats stats,
             Duration heartbeat) {
    this.kv = kv;
    this.cluster = cluster;
    this.http = http;
    this.stats = stats;
    this.heartbeat = heartbeat;
  }

  /** Starts a watch at the store's current index, or fails with etcd's 401 (a V2Error). */
  CompletionStage<Started> start(KeyRequest req) {
    return cluster.status().exceptionally(e -> null).thenApply(st -> {
      long current = st == null ? 0 : st.revision();
      if (st != null) {
        checkHistory(req.waitIndex(), current, st.compactRevision());
      }
      return new Started(st, current, events(req, current));
    });
  }

  /**
   * Fails with etcd's 401 when {@code waitIndex} is older than the kept history.
   *
   * @param current the store's revision now
   * @param compacted the v3 store's compacted revision (its history starts after it)
   */
  static void checkHistory(long waitIndex, long current, long compacted) {
    long start = Math.max(current - HISTORY + 1, compacted);
    if (waitIndex != 0 && waitIndex < start) {
      throw V2ErrorCode.EVENT_INDEX_CLEARED.error(
          "the requested history has been cleared [" + start + "/" + waitIndex + "]", current);
    }
  }

  /**
   * The events of the watch as JSON lines; starting it starts the v3 watch. pekko-http does not
   * notice a client that hangs up while nothing is written, so an idle watch writes a newline
   * every {@code heartbeat}: the write to a closed connection ends the stream and the v3 watch.
   */
  Source<ByteString, NotUsed> events(KeyRequest req, long current) {
    AtomicReference<Watch> watch = new AtomicReference<>();
    AtomicBoolean ended = new AtomicBoolean();
    return Source.<ByteString>queue(BUFFER)
        .keepAlive(heartbeat, () -> HEARTBEAT)
        .mapMaterializedValue(queue -> {
          stats.watcherOpened();
          WatchRequest w = new WatchRequest(V2Layout.watchStart(), V2Layout.watchEnd(),
              req.waitIndex(), true, false, false, false);
          watch.set(kv.watch(w, resp -> onResponse(req, current, resp, queue, ended)));
          if (ended.get()) {
            watch.get().cancel();
          }
          return NotUsed.getInstance();
        })
        .watchTermination((nu, done) -> {
          done.whenComplete((d, e) -> {
            ended.set(true);
            Watch w = watch.get();
            if (w != null) {
              w.cancel();
            }
            stats.watcherClosed();
          });
          return NotUsed.getInstance();
        });
  }

  private void onResponse(KeyRequest req, long current, WatchResponse resp,
                          BoundedSourceQueue<ByteString> queue, AtomicBoolean ended) {
    if (ended.get()) {
      return;
    }
    if (resp.canceled()) {
      end(queue, ended);
      return;
    }
    for (List<Event> revision : byRevision(resp.events())) {
      for (V2Event ev : EventMapper.toV2(revision)) {
        // etcd keeps a refresh in history but does not wake live watchers with it.
        if ((ev.refresh() != null && ev.index() > current)
            || !EventMapper.matches(ev, req.path(), req.recursive())) {
          continue;
        }
        if (queue.offer(http.json(ev)) != QueueOfferResult.enqueued() || !req.stream()) {
          // Delivered the one event a long poll waits for, or the client cannot keep up.
          end(queue, ended);
          return;
        }
      }
    }
  }

  private static void end(BoundedSourceQueue<ByteString> queue, AtomicBoolean ended) {
    if (ended.compareAndSet(false, true)) {
      queue.complete();
    }
  }

  private static List<List<Event>> byRevision(List<Event> events) {
    List<List<Event>> out = new ArrayList<>();
    long last = -1;
    for (Event e : events) {
      if (e.kv().modRevision() != last) {
        out.add(new ArrayList<>());
        last = e.kv().modRevision();
      }
      out.get(out.size() - 1).add(e);
    }
    return out;
  }
}
