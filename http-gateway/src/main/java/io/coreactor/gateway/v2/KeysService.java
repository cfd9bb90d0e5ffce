package io.coreactor.gateway.v2;

import io.coreactor.consensus.client.KvClient;
import io.coreactor.consensus.kv.KvError;
import io.coreactor.consensus.kv.KvException;
import io.coreactor.consensus.kv.LeaseGrantRequest;
import io.coreactor.consensus.kv.LeaseGrantResponse;
import io.coreactor.consensus.kv.LeaseRevokeRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * etcd 2's keys operations on the v3 store: a GET is one linearizable read-only txn; a write
 * reads a {@link Snapshot}, plans one guarded txn ({@link KeysPlanner}) and commits it, reading
 * and planning again (a bounded number of times) when a concurrent write changed what it read.
 */
public final class KeysService {

  /** How many times a write is replanned after losing a race before it gives up. */
  static final int MAX_ATTEMPTS = 32;

  private final KvClient kv;
  private final Duration timeout;
  private final StoreStats stats;
  private final LeaseTtls ttls;

  public KeysService(KvClient kv, Duration timeout, StoreStats stats, Clock clock) {
    this.kv = kv;
    this.timeout = timeout;
    this.stats = stats;
    this.ttls = new LeaseTtls(kv, clock);
  }

  /** Answers a GET, or fails with a {@link V2Error}. */
  public CompletionStage<V2Event> get(KeyRequest req) {
    String path = req.path();
    // etcd 2 serves a GET from the member asked unless it says quorum=true.
    CompletionStage<V2Event> answer = kv.txn(Snapshot.request(path, true, !req.quorum()))
        .thenCompose(resp -> {
          Snapshot s = Snapshot.of(path, resp);
          s.walk(path);
          Set<Long> leases = new HashSet<>();
          NodeTree.render(s, req.recursive(), lease -> {
            leases.add(lease);
            return null;
          });
          return ttls.lookup(leases).thenApply(found ->
              new V2Event("get", NodeTree.render(s, req.recursive(), found::get), null, null,
                  s.revision()));
        });
    return counted(req, bounded(answer));
  }

  /** Answers a PUT, POST or DELETE, or fails with a {@link V2Error}. */
  public CompletionStage<V2Event> write(KeyRequest req) {
    // The store may grant more than asked (a minimum TTL): the node shows what was granted.
    CompletionStage<LeaseGrantResponse> lease = req.ttl() == null
        ? CompletableFuture.completedFuture(new LeaseGrantResponse(null, 0, 0))
        : kv.leaseGrant(new LeaseGrantRequest(Math.max(req.ttl(), 1), 0));
    CompletionStage<V2Event> answer = lease.thenCompose(g -> attempt(req, g.id(), g.ttl(), 1)
        .whenComplete((ev, err) -> {
          if (err != null && g.id() != 0) {
            kv.leaseRevoke(new LeaseRevokeRequest(g.id()));
          }
        }));
    return counted(req, bounded(answer));
  }

  /**
   * The first attempt plans on this member's own state (no ReadIndex round): its txn's guards
   * make it commit only if that state was current, and an error it plans is confirmed by a
   * linearizable read before it is answered. Later attempts, and in-order creates (whose name
   * comes from the revision read), read linearizably.
   */
  private CompletionStage<V2Event> attempt(KeyRequest req, long lease, long ttl, int n) {
    boolean local = n == 1 && req.kind() != KeyRequest.Kind.CREATE_IN_ORDER;
    return kv.txn(Snapshot.request(req.path(), false, local)).thenCompose(resp -> {
      WritePlan plan;
      try {
        plan = KeysPlanner.plan(req, Snapshot.of(req.path(), resp), lease);
      } catch (V2Error e) {
        if (local) {
          return attempt(req, lease, ttl, n + 1);
        }
        throw e;
      }
      return kv.txn(plan.txn()).thenCompose(r -> {
        if (r.succeeded()) {
          return withTtl(plan, r.header().revision(), lease == 0 ? null : ttl);
        }
        if (n >= MAX_ATTEMPTS) {
          throw V2ErrorCode.RAFT_INTERNAL.error("too many concurrent changes to " + req.path(), 0)
              .withStatus(503);
        }
        return attempt(req, lease, ttl, n + 1);
      });
    });
  }

  private CompletionStage<V2Event> withTtl(WritePlan plan, long revision, Long ttl) {
    V2Event ev = plan.event(revision);
    if (plan.nodeLease() == 0) {
      return CompletableFuture.completedFuture(ev);
    }
    if (ttl != null) {
      NodeTree.Ttl t = ttls.fresh(ttl);
      return CompletableFuture.completedFuture(
          ev.withNode(ev.node().withTtl(t.expiration(), t.remaining())));
    }
    return ttls.lookup(Set.of(plan.nodeLease())).thenApply((Map<Long, NodeTree.Ttl> found) -> {
      NodeTree.Ttl t = found.get(plan.nodeLease());
      return t == null ? ev : ev.withNode(ev.node().withTtl(t.expiration(), t.remaining()));
    });
  }

  private <T> CompletionStage<T> bounded(CompletionStage<T> stage) {
    return stage.toCompletableFuture().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .exceptionally(e -> {
          throw new CompletionException(toV2(e));
        });
  }

  private <T> CompletionStage<T> counted(KeyRequest req, CompletionStage<T> stage) {
    return stage.whenComplete((v, e) -> stats.count(req.kind(), e == null));
  }

  /** A store failure as etcd 2 reports it: 300, with 503 when the store is unavailable. */
  static V2Error toV2(Throwable e) {
    Throwable c = e;
    while (c instanceof CompletionException && c.getCause() != null) {
      c = c.getCause();
    }
    if (c instanceof V2Error v) {
      return v;
    }
    if (c instanceof TimeoutException) {
      return V2ErrorCode.RAFT_INTERNAL.error(KvError.TIMEOUT.message(), 0).withStatus(503);
    }
    if (c instanceof KvException k) {
      return switch (k.error().code()) {
        case UNAVAILABLE -> V2ErrorCode.RAFT_INTERNAL.error(k.getMessage(), 0).withStatus(503);
        case INVALID_ARGUMENT, OUT_OF_RANGE -> V2ErrorCode.INVALID_FIELD.error(k.getMessage(), 0);
        default -> V2ErrorCode.RAFT_INTERNAL.error(k.getMessage(), 0);
      };
    }
    return V2ErrorCode.RAFT_INTERNAL.error(String.valueOf(c.getMessage()), 0);
  }
}
