package io.coreactor.gateway.v2;

import io.coreactor.consensus.client.KvClient;
import io.coreactor.consensus.client.LeaseKeepAliveResponse;
import io.coreactor.consensus.client.Watch;
import io.coreactor.consensus.client.WatchListener;
import io.coreactor.consensus.client.WatchRequest;
import io.coreactor.consensus.client.WatchResponse;
import io.coreactor.consensus.kv.Applied;
import io.coreactor.consensus.kv.Bytes;
import io.coreactor.consensus.kv.CompactionRequest;
import io.coreactor.consensus.kv.CompactionResponse;
import io.coreactor.consensus.kv.DeleteRangeRequest;
import io.coreactor.consensus.kv.DeleteRangeResponse;
import io.coreactor.consensus.kv.Event;
import io.coreactor.consensus.kv.EventBatch;
import io.coreactor.consensus.kv.KvException;
import io.coreactor.consensus.kv.KvRequest;
import io.coreactor.consensus.kv.KvStateMachine;
import io.coreactor.consensus.kv.LeaseGrantRequest;
import io.coreactor.consensus.kv.LeaseGrantResponse;
import io.coreactor.consensus.kv.LeaseLeasesResponse;
import io.coreactor.consensus.kv.LeaseRevokeRequest;
import io.coreactor.consensus.kv.LeaseRevokeResponse;
import io.coreactor.consensus.kv.LeaseTimeToLiveRequest;
import io.coreactor.consensus.kv.LeaseTimeToLiveResponse;
import io.coreactor.consensus.kv.PutRequest;
import io.coreactor.consensus.kv.PutResponse;
import io.coreactor.consensus.kv.RangeRequest;
import io.coreactor.consensus.kv.RangeResponse;
import io.coreactor.consensus.kv.ResponseHeader;
import io.coreactor.consensus.kv.TxnRequest;
import io.coreactor.consensus.kv.TxnResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A single-member {@link KvClient} on the real {@link KvStateMachine}, for route tests: writes
 * apply at once, watches are fed under the same lock (so in order), and leases expire on a
 * timer by a revoke, as the leader's shell proposes it.
 */
final class InMemoryKv implements KvClient, AutoCloseable {

  private final KvStateMachine sm = new KvStateMachine();
  private final Map<Long, Long> deadlines = new HashMap<>();
  private final Map<Long, Long> granted = new HashMap<>();
  private final List<Watcher> watchers = new ArrayList<>();
  private final AtomicLong watchIds = new AtomicLong();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "in-memory-kv-leases");
    t.setDaemon(true);
    return t;
  });
  private long index;

  private final class Watcher implements Watch {
    final long id = watchIds.incrementAndGet();
    final WatchRequest request;
    final WatchListener listener;

    Watcher(WatchRequest request, WatchListener listener) {
      this.request = request;
      this.listener = listener;
    }

    @Override
    public long id() {
      return id;
    }

    @Override
    public void cancel() {
      synchronized (InMemoryKv.this) {
        if (watchers.remove(this)) {
          listener.onResponse(new WatchResponse(header(), id, false, true, 0, "canceled", List.of()));
        }
      }
    }

    boolean contains(Bytes key) {
      Bytes end = request.rangeEnd();
      if (end.isEmpty()) {
        return key.equals(request.key());
      }
      return key.compareTo(request.key()) >= 0 && (end.equals(Bytes.ZERO) || key.compareTo(end) < 0);
    }

    void deliver(List<Event> events) {
      List<Event> mine = new ArrayList<>();
      for (Event e : events) {
        if (contains(e.kv().key())) {
          mine.add(request.prevKv() ? e : e.withoutPrevKv());
        }
      }
      if (!mine.isEmpty()) {
        listener.onResponse(new WatchResponse(header(), id, false, false, 0, "", mine));
      }
    }
  }

  synchronized long revision() {
    return sm.revision();
  }

  synchronized long compactRevision() {
    return sm.compactRevision();
  }

  private ResponseHeader header() {
    return ResponseHeader.of(sm.revision()).withMember(0xc1, 0x1, 2);
  }

  private synchronized Object apply(KvRequest request) {
    Applied applied = sm.applyRequest(++index, request);
    if (!applied.events().isEmpty()) {
      for (Watcher w : List.copyOf(watchers)) {
        w.deliver(applied.events());
      }
    }
    return applied.response();
  }

  @SuppressWarnings("unchecked")
  private <T> CompletionStage<T> answer(KvRequest request) {
    Object r;
    try {
      r = apply(request);
    } catch (KvException e) {
      return CompletableFuture.failedFuture(e);
    }
    return r instanceof KvException e ? CompletableFuture.failedFuture(e)
        : CompletableFuture.completedFuture((T) r);
  }

  @Override
  public synchronized CompletionStage<RangeResponse> range(RangeRequest request) {
    try {
      return CompletableFuture.completedFuture(sm.range(request));
    } catch (KvException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public CompletionStage<PutResponse> put(PutRequest request) {
    return answer(request);
  }

  @Override
  public CompletionStage<DeleteRangeResponse> delete(DeleteRangeRequest request) {
    return answer(request);
  }

  @Override
  public synchronized CompletionStage<TxnResponse> txn(TxnRequest request) {
    if (request.isReadOnly()) {
      try {
        return CompletableFuture.completedFuture(sm.readTxn(request));
      } catch (KvException e) {
        return CompletableFuture.failedFuture(e);
      }
    }
    return answer(request);
  }

  @Override
  public CompletionStage<CompactionResponse> compact(CompactionRequest request) {
    return answer(request);
  }

  @Override
  public synchronized CompletionStage<LeaseGrantResponse> leaseGrant(LeaseGrantRequest request) {
    return this.<LeaseGrantResponse>answer(request).thenApply(r -> {
      schedule(r.id(), r.ttl());
      return r;
    });
  }

  private synchronized void schedule(long id, long ttl) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ttl);
    deadlines.put(id, deadline);
    granted.put(id, ttl);
    timer.schedule(() -> expire(id, deadline), ttl * 1000, TimeUnit.MILLISECONDS);
  }

  private synchronized void expire(long id, long deadline) {
    if (deadlines.getOrDefault(id, -1L) == deadline) {
      deadlines.remove(id);
      apply(new LeaseRevokeRequest(id));
    }
  }

  @Override
  public synchronized CompletionStage<LeaseRevokeResponse> leaseRevoke(LeaseRevokeRequest request) {
    deadlines.remove(request.id());
    return answer(request);
  }

  @Override
  public synchronized CompletionStage<LeaseKeepAliveResponse> leaseKeepAlive(long leaseId) {
    if (!deadlines.containsKey(leaseId)) {
      return CompletableFuture.failedFuture(
          io.coreactor.consensus.kv.KvError.LEASE_NOT_FOUND.exception());
    }
    long ttl = granted.get(leaseId);
    schedule(leaseId, ttl);
    return CompletableFuture.completedFuture(new LeaseKeepAliveResponse(header(), leaseId, ttl));
  }

  @Override
  public synchronized CompletionStage<LeaseTimeToLiveResponse> leaseTimeToLive(
      LeaseTimeToLiveRequest request) {
    LeaseTimeToLiveResponse r = sm.timeToLive(request);
    Long deadline = deadlines.get(request.id());
    if (r.ttl() >= 0 && deadline != null) {
      long left = deadline - System.nanoTime();
      r = r.withTtl(Math.max(0, (left + 999_999_999L) / 1_000_000_000L));
    }
    return CompletableFuture.completedFuture(r);
  }

  @Override
  public synchronized CompletionStage<LeaseLeasesResponse> leases() {
    return CompletableFuture.completedFuture(sm.leases());
  }

  @Override
  public synchronized Watch watch(WatchRequest request, WatchListener listener) {
    Watcher w = new Watcher(request, listener);
    listener.onResponse(new WatchResponse(header(), w.id, true, false, 0, "", List.of()));
    long next = request.startRevision();
    while (next > 0 && next <= sm.revision()) {
      EventBatch batch = sm.eventsSince(request.key(), request.rangeEnd(), next, 100);
      if (batch.compacted()) {
        listener.onResponse(new WatchResponse(header(), w.id, false, true,
            batch.compactRevision(), "compacted", List.of()));
        return w;
      }
      w.deliver(batch.events());
      next = batch.nextRevision();
    }
    watchers.add(w);
    return w;
  }

  synchronized int watcherCount() {
    return watchers.size();
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
