package io.coreactor.consensus.client.concurrency;

import io.coreactor.consensus.client.KvClient;
import io.coreactor.consensus.client.Watch;
import io.coreactor.consensus.client.WatchRequest;
import io.coreactor.consensus.kv.Bytes;
import io.coreactor.consensus.kv.Event;
import io.coreactor.consensus.kv.KeyValue;
import io.coreactor.consensus.kv.RangeRequest;
import io.coreactor.consensus.kv.RangeRequest.SortOrder;
import io.coreactor.consensus.kv.RangeRequest.SortTarget;
import java.util.concurrent.CompletableFuture;

/** etcd's {@code waitDeletes}: waiting for the keys queued ahead of one's own to go away. */
final class Deletions {

  private Deletions() {}

  /**
   * Completes once no key under {@code prefix} has a create revision at or below
   * {@code maxCreateRevision}: the last such key is watched until deleted, then the next, as
   * in etcd. Completing the returned future from outside (e.g. cancel) stops the wait.
   */
  static CompletableFuture<Void> waitDeletes(KvClient kv, Bytes prefix, long maxCreateRevision) {
    CompletableFuture<Void> result = new CompletableFuture<>();
    if (maxCreateRevision <= 0) {
      result.complete(null);   // nobody can be ahead of revision 1
    } else {
      next(kv, prefix, maxCreateRevision, result);
    }
    return result;
  }

  /** The key under {@code prefix} created first (etcd's {@code WithFirstCreate}). */
  static RangeRequest firstCreated(Bytes prefix) {
    return RangeRequest.prefix(prefix).withSort(SortOrder.ASCEND, SortTarget.CREATE).withLimit(1);
  }

  private static void next(KvClient kv, Bytes prefix, long maxCreateRevision, CompletableFuture<Void> result) {
    if (result.isDone()) {
      return;
    }
    RangeRequest lastAhead = RangeRequest.prefix(prefix).withCreateRevisions(0, maxCreateRevision)
        .withSort(SortOrder.DESCEND, SortTarget.CREATE).withLimit(1);
    kv.range(lastAhead).whenComplete((found, failure) -> {
      if (failure != null) {
        result.completeExceptionally(failure);
      } else if (found.kvs().isEmpty()) {
        result.complete(null);
      } else {
        KeyValue ahead = found.kvs().get(0);
        waitDelete(kv, ahead.key(), found.header().revision(), result)
            .thenRun(() -> next(kv, prefix, maxCreateRevision, result));
      }
    });
  }

  /** Completes when {@code key}, alive at {@code revision}, is deleted (or the watch ends: look again). */
  private static CompletableFuture<Void> waitDelete(KvClient kv, Bytes key, long revision, CompletableFuture<?> owner) {
    CompletableFuture<Void> deleted = new CompletableFuture<>();
    Watch watch = kv.watch(WatchRequest.key(key).fromRevision(revision + 1), response -> {
      if (response.canceled() || response.events().stream().anyMatch(e -> e.type() == Event.Type.DELETE)) {
        deleted.complete(null);
      }
    });
    deleted.whenComplete((ok, failure) -> watch.cancel());
    owner.whenComplete((ok, failure) -> watch.cancel());
    return deleted;
  }
}
