package io.coreactor.consensus.client.concurrency;

import io.coreactor.consensus.client.KvClient;
import io.coreactor.consensus.kv.Bytes;
import io.coreactor.consensus.kv.Compare;
import io.coreactor.consensus.kv.DeleteRangeRequest;
import io.coreactor.consensus.kv.KeyValue;
import io.coreactor.consensus.kv.PutRequest;
import io.coreactor.consensus.kv.RangeRequest;
import io.coreactor.consensus.kv.RangeResponse;
import io.coreactor.consensus.kv.TxnRequest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * A distributed lock on a key prefix (etcd's {@code concurrency.Mutex}): each locker puts
 * {@code <prefix>/<lease id in hex>} under its session's lease and holds the lock once no key
 * created before its own is left, so waiters get it in the order they asked (by create
 * revision). The lock is released by {@link #unlock()} or when the session's lease expires.
 */
public final class Mutex {

  private final Session session;
  private final KvClient kv;
  private final Bytes prefix;
  private final Bytes key;
  private volatile long revision;

  /** A lock among everyone using {@code name} (keys go under {@code name + "/"}). */
  public Mutex(Session session, String name) {
    this.session = session;
    this.kv = session.client();
    this.prefix = Bytes.of(name + "/");
    this.key = Bytes.of(name + "/" + Long.toHexString(session.leaseId()));
  }

  /** Completes once this session holds the lock; fails if the session ends while waiting. */
  public CompletionStage<Void> lock() {
    RangeRequest owner = Deletions.firstCreated(prefix);
    TxnRequest tryAcquire = new TxnRequest(List.of(Compare.createRevision(key, Compare.Result.EQUAL, 0)),
        List.of(PutRequest.of(key, Bytes.EMPTY).withLease(session.leaseId()), owner),
        List.of(RangeRequest.key(key), owner));
    return kv.txn(tryAcquire).thenCompose(response -> {
      RangeResponse mine = response.succeeded() ? null : (RangeResponse) response.responses().get(0);
      revision = mine == null ? response.header().revision() : mine.kvs().get(0).createRevision();
      List<KeyValue> first = ((RangeResponse) response.responses().get(1)).kvs();
      if (first.isEmpty() || first.get(0).createRevision() == revision) {
        return CompletableFuture.completedFuture(null);
      }
      CompletableFuture<Void> turn = Deletions.waitDeletes(kv, prefix, revision - 1);
      session.done().thenRun(() -> turn.completeExceptionally(new IllegalStateException("mutex: session ended")));
      return turn.thenCompose(x -> kv.range(RangeRequest.key(key))).thenAccept(r -> {
        if (r.kvs().isEmpty()) {   // our own key went with an expired lease while we waited
          throw new CompletionException(new IllegalStateException("mutex: session expired"));
        }
      });
    });
  }

  /** Releases the lock (deletes this session's key). */
  public CompletionStage<Void> unlock() {
    return kv.delete(DeleteRangeRequest.key(key)).thenAccept(r -> revision = 0);
  }

  /** The key this session locks with. */
  public Bytes key() {
    return key;
  }

  /** The create revision of this session's key, its place in line; 0 when not locking. */
  public long revision() {
    return revision;
  }
}
