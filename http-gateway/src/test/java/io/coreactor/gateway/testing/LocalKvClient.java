package io.coreactor.gateway.testing;

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
import io.coreactor.consensus.kv.KvCommand;
import io.coreactor.consensus.kv.KvConfig;
import io.coreactor.consensus.kv.KvError;
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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A {@link KvClient} on one in-memory {@link KvStateMachine}, for route tests: no Raft, every
 * call answered at once with a fixed cluster id, member id and term, or never when {@link #hang}
 * is set (to test timeouts).
 */
public final class LocalKvClient implements KvClient {

  public static final long CLUSTER_ID = 0xcdf818194e3a8c32L;
  public static final long MEMBER_ID = 0x8e9e05c52164694dL;
  public static final long TERM = 2;

  /** While set, every call returns a stage that never completes. */
  public final AtomicBoolean hang = new AtomicBoolean();

  private final KvStateMachine store = new KvStateMachine();
  private final List<LocalWatch> watches = new CopyOnWriteArrayList<>();
  private long index;
  private long nextWatchId;

  @Override
  public CompletionStage<RangeResponse> range(RangeRequest request) {
    return answer(() -> {
      RangeResponse r = store.range(request);
      return new RangeResponse(header(r.header()), r.kvs(), r.more(), r.count());
    });
  }

  @Override
  public CompletionStage<PutResponse> put(PutRequest request) {
    return answer(() -> {
      PutResponse r = (PutResponse) write(request);
      return new PutResponse(header(r.header()), r.prevKv());
    });
  }

  @Override
  public CompletionStage<DeleteRangeResponse> delete(DeleteRangeRequest request) {
    return answer(() -> {
      DeleteRangeResponse r = (DeleteRangeResponse) write(request);
      return new DeleteRangeResponse(header(r.header()), r.deleted(), r.prevKvs());
    });
  }

  @Override
  public CompletionStage<TxnResponse> txn(TxnRequest request) {
    return answer(() -> {
      TxnResponse r = request.isReadOnly() ? store.readTxn(request) : (TxnResponse) write(request);
      return new TxnResponse(header(r.header()), r.succeeded(), r.responses());
    });
  }

  @Override
  public CompletionStage<CompactionResponse> compact(CompactionRequest request) {
    return answer(() -> new CompactionResponse(header(((CompactionResponse) write(request)).header())));
  }

  @Override
  public CompletionStage<LeaseGrantResponse> leaseGrant(LeaseGrantRequest request) {
    return answer(() -> {
      LeaseGrantResponse r = (LeaseGrantResponse) write(request);
      return new LeaseGrantResponse(header(r.header()), r.id(), r.ttl());
    });
  }

  @Override
  public CompletionStage<LeaseRevokeResponse> leaseRevoke(LeaseRevokeRequest request) {
    return answer(() -> new LeaseRevokeResponse(header(((LeaseRevokeResponse) write(request)).header())));
  }

  @Override
  public CompletionStage<LeaseKeepAliveResponse> leaseKeepAlive(long leaseId) {
    return answer(() -> store.lease(leaseId)
        .map(l -> new LeaseKeepAliveResponse(header(ResponseHeader.of(store.revision())), l.id(), l.grantedTtl()))
        .orElseThrow(KvError.LEASE_NOT_FOUND::exception));
  }

  @Override
  public CompletionStage<LeaseTimeToLiveResponse> leaseTimeToLive(LeaseTimeToLiveRequest request) {
    return answer(() -> {
      LeaseTimeToLiveResponse r = store.timeToLive(request);
      return new LeaseTimeToLiveResponse(header(r.header()), r.id(), r.ttl(), r.grantedTtl(), r.keys());
    });
  }

  @Override
  public CompletionStage<LeaseLeasesResponse> leases() {
    return answer(() -> new LeaseLeasesResponse(header(store.leases().header()), store.leases().leases()));
  }

  @Override
  public synchronized Watch watch(WatchRequest request, WatchListener listener) {
    LocalWatch w = new LocalWatch(++nextWatchId, request, listener);
    w.send(List.of(), true, false, 0);
    long start = request.startRevision();
    if (start > 0 && start <= store.revision()) {
      EventBatch batch = store.eventsSince(request.key(), request.rangeEnd(), start, Integer.MAX_VALUE);
      if (batch.compacted()) {
        w.send(List.of(), false, true, batch.compactRevision());
        return w;
      }
      deliverByRevision(w, batch.events());
    }
    watches.add(w);
    return w;
  }

  /** etcd's HashKV of this store: hash, current revision, compacted revision. */
  public CompletionStage<long[]> hashKv(long revision) {
    return answer(() -> new long[] {store.hashKv(revision), store.revision(), store.compactRevision()});
  }

  /** How many watches are running (a client that went away must leave none behind). */
  public int activeWatches() {
    return watches.size();
  }

  private synchronized Object write(KvRequest request) {
    KvCommand.encode(request, KvConfig.DEFAULT);
    Applied applied = store.applyRequest(++index, request);
    if (applied.response() instanceof KvException e) {
      throw e;
    }
    for (LocalWatch w : watches) {
      w.deliver(applied.events());
    }
    return applied.response();
  }

  private <T> CompletionStage<T> answer(Supplier<T> call) {
    if (hang.get()) {
      return new CompletableFuture<>();
    }
    try {
      synchronized (this) {
        return CompletableFuture.completedFuture(call.get());
      }
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static ResponseHeader header(ResponseHeader h) {
    return h.withMember(CLUSTER_ID, MEMBER_ID, TERM);
  }

  private static void deliverByRevision(LocalWatch w, List<Event> events) {
    List<Event> batch = new ArrayList<>();
    for (Event e : events) {
      if (!batch.isEmpty() && batch.get(0).kv().modRevision() != e.kv().modRevision()) {
        w.deliver(batch);
        batch = new ArrayList<>();
      }
      batch.add(e);
    }
    w.deliver(batch);
  }

  private final class LocalWatch implements Watch {
    private final long id;
    private final WatchRequest request;
    private final WatchListener listener;
    private boolean canceled;

    LocalWatch(long id, WatchRequest request, WatchListener listener) {
      this.id = id;
      this.request = request;
      this.listener = listener;
    }

    @Override
    public long id() {
      return id;
    }

    @Override
    public void cancel() {
      synchronized (LocalKvClient.this) {
        if (watches.remove(this)) {
          send(List.of(), false, true, 0);
        }
      }
    }

    void deliver(List<Event> events) {
      List<Event> mine = new ArrayList<>();
      for (Event e : events) {
        boolean filtered = e.type() == Event.Type.PUT ? request.noPut() : request.noDelete();
        if (!filtered && matches(e.kv().key())) {
          mine.add(request.prevKv() ? e : e.withoutPrevKv());
        }
      }
      if (!mine.isEmpty()) {
        send(mine, false, false, 0);
      }
    }

    void send(List<Event> events, boolean created, boolean cancel, long compactRevision) {
      if (canceled) {
        return;
      }
      canceled = cancel;
      listener.onResponse(new WatchResponse(header(ResponseHeader.of(store.revision())), id, created, cancel,
          compactRevision, "", events));
    }

    private boolean matches(Bytes key) {
      Bytes end = request.rangeEnd();
      if (end.isEmpty()) {
        return key.equals(request.key());
      }
      return key.compareTo(request.key()) >= 0 && (end.equals(Bytes.ZERO) || key.compareTo(end) < 0);
    }
  }
}
