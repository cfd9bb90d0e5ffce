package io.coreactor.consensus.client.concurrency;

import io.coreactor.consensus.client.KvClient;
import io.coreactor.consensus.kv.KvError;
import io.coreactor.consensus.kv.KvException;
import io.coreactor.consensus.kv.LeaseGrantRequest;
import io.coreactor.consensus.kv.LeaseRevokeRequest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * A lease kept alive in the background (etcd's {@code concurrency.Session}): keys written with
 * {@link #leaseId()} live as long as the session. A keep-alive goes every third of the TTL;
 * the session is {@link #done()} once it is closed (which revokes the lease), orphaned, or
 * the lease is gone, e.g. expired while no keep-alive got through.
 */
public final class Session implements AutoCloseable {

  /** etcd's default session TTL, in seconds. */
  public static final long DEFAULT_TTL = 60;

  private final KvClient kv;
  private final long leaseId;
  private final long ttl;
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private volatile boolean stopped;

  private Session(KvClient kv, long leaseId, long ttl) {
    this.kv = kv;
    this.leaseId = leaseId;
    this.ttl = ttl;
  }

  /** Grants a lease of {@code ttlSeconds} and starts keeping it alive. */
  public static CompletionStage<Session> create(KvClient kv, long ttlSeconds) {
    return kv.leaseGrant(new LeaseGrantRequest(ttlSeconds, 0)).thenApply(granted -> {
      Session session = new Session(kv, granted.id(), granted.ttl());
      session.keepAliveIn(session.interval());
      return session;
    });
  }

  public static CompletionStage<Session> create(KvClient kv) {
    return create(kv, DEFAULT_TTL);
  }

  public KvClient client() {
    return kv;
  }

  public long leaseId() {
    return leaseId;
  }

  /** The granted TTL in seconds. */
  public long ttl() {
    return ttl;
  }

  /** Completes when the session ends: closed, orphaned and expired, or its lease lost. */
  public CompletionStage<Void> done() {
    return done;
  }

  public boolean isDone() {
    return done.isDone();
  }

  /** Stops the keep-alives without revoking (etcd's {@code Orphan}): the lease expires after its TTL. */
  public void orphan() {
    stopped = true;
    done.complete(null);
  }

  /** Stops the keep-alives and revokes the lease, deleting its keys; a lease already gone is fine. */
  public CompletionStage<Void> closeAsync() {
    stopped = true;
    return kv.leaseRevoke(new LeaseRevokeRequest(leaseId)).handle((revoked, failure) -> {
      done.complete(null);
      if (failure != null && !isLeaseNotFound(failure)) {
        throw new CompletionException(failure);
      }
      return null;
    });
  }

  /** Like {@link #closeAsync()}, waiting for it; do not call from an actor's thread. */
  @Override
  public void close() {
    closeAsync().toCompletableFuture().join();
  }

  private long interval() {
    return Math.max(100, TimeUnit.SECONDS.toMillis(ttl) / 3);
  }

  private void keepAliveIn(long millis) {
    CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS).execute(this::keepAlive);
  }

  /**
   * One keep-alive every interval, whether or not the last was answered (as etcd's keep-alive
   * stream): one lost with a crashed leader must not hold up the next.
   */
  private void keepAlive() {
    if (stopped) {
      return;
    }
    keepAliveIn(interval());
    kv.leaseKeepAlive(leaseId).whenComplete((renewed, failure) -> {
      if (failure != null && isLeaseNotFound(failure)) {
        stopped = true;
        done.complete(null);
      }
    });
  }

  static boolean isLeaseNotFound(Throwable failure) {
    Throwable t = failure;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t instanceof KvException e && e.error() == KvError.LEASE_NOT_FOUND;
  }
}
