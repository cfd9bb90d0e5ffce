package io.coreactor.consensus.client.concurrency;

import io.coreactor.consensus.client.KvClient;
import io.coreactor.consensus.client.Watch;
import io.coreactor.consensus.client.WatchRequest;
import io.coreactor.consensus.kv.Bytes;
import io.coreactor.consensus.kv.Compare;
import io.coreactor.consensus.kv.DeleteRangeRequest;
import io.coreactor.consensus.kv.Event;
import io.coreactor.consensus.kv.KeyValue;
import io.coreactor.consensus.kv.PutRequest;
import io.coreactor.consensus.kv.RangeRequest;
import io.coreactor.consensus.kv.RangeResponse;
import io.coreactor.consensus.kv.TxnRequest;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Leader election on a key prefix (etcd's {@code concurrency.Election}): each campaigner puts
 * {@code <prefix>/<lease id in hex>} under its session's lease, and the key with the lowest
 * create revision leads. A campaign completes when every earlier key is gone: its holder
 * resigned or its session died.
 */
public final class Election {

  private final Session session;
  private final KvClient kv;
  private final Bytes prefix;
  private volatile Bytes leaderKey;
  private volatile long leaderRevision;

  /** An election among everyone using {@code name} (keys go under {@code name + "/"}). */
  public Election(Session session, String name) {
    this.session = session;
    this.kv = session.client();
    this.prefix = Bytes.of(name + "/");
  }

  /**
   * Campaigns with {@code value}; completes once elected, or fails if the session ends first
   * (and then resigns). Campaigning again with the same session keeps its place in line.
   */
  public CompletionStage<Void> campaign(String value) {
    Bytes key = Bytes.of(prefix.toStringUtf8() + Long.toHexString(session.leaseId()));
    PutRequest put = PutRequest.of(key, Bytes.of(value)).withLease(session.leaseId());
    TxnRequest txn = new TxnRequest(List.of(Compare.createRevision(key, Compare.Result.EQUAL, 0)),
        List.of(put), List.of(RangeRequest.key(key)));
    return kv.txn(txn).thenCompose(response -> {
      leaderKey = key;
      if (response.succeeded()) {
        leaderRevision = response.header().revision();
        return waitForTurn();
      }
      KeyValue existing = ((RangeResponse) response.responses().get(0)).kvs().get(0);
      leaderRevision = existing.createRevision();
      CompletionStage<Void> updated = existing.value().equals(Bytes.of(value))
          ? CompletableFuture.completedFuture(null) : proclaim(value);
      return updated.thenCompose(x -> waitForTurn());
    });
  }

  private CompletionStage<Void> waitForTurn() {
    CompletableFuture<Void> turn = Deletions.waitDeletes(kv, prefix, leaderRevision - 1);
    session.done().thenRun(() -> turn.completeExceptionally(new IllegalStateException("election: session ended")));
    return turn.handle((ok, failure) -> failure).thenCompose(failure -> {
      if (failure == null) {
        return CompletableFuture.<Void>completedFuture(null);
      }
      return resign().handle((x, e) -> {
        throw new CompletionException(failure);
      });
    });
  }

  /** Puts a new value under the leader's key; fails unless this campaigner leads. */
  public CompletionStage<Void> proclaim(String value) {
    Bytes key = leaderKey;
    if (key == null) {
      return CompletableFuture.failedFuture(new IllegalStateException("election: not leader"));
    }
    TxnRequest txn = new TxnRequest(List.of(Compare.createRevision(key, Compare.Result.EQUAL, leaderRevision)),
        List.of(PutRequest.of(key, Bytes.of(value)).withLease(session.leaseId())), List.of());
    return kv.txn(txn).thenAccept(response -> {
      if (!response.succeeded()) {
        leaderKey = null;
        throw new CompletionException(new IllegalStateException("election: not leader"));
      }
    });
  }

  /** Gives up leadership (or a place in line): deletes this campaigner's key if it is still its own. */
  public CompletionStage<Void> resign() {
    Bytes key = leaderKey;
    if (key == null) {
      return CompletableFuture.completedFuture(null);
    }
    TxnRequest txn = new TxnRequest(List.of(Compare.createRevision(key, Compare.Result.EQUAL, leaderRevision)),
        List.of(DeleteRangeRequest.key(key)), List.of());
    return kv.txn(txn).thenAccept(response -> leaderKey = null);
  }

  /** The current leader's key and value, if anyone leads. */
  public CompletionStage<Optional<KeyValue>> leader() {
    return kv.range(Deletions.firstCreated(prefix))
        .thenApply(r -> r.kvs().isEmpty() ? Optional.empty() : Optional.of(r.kvs().get(0)));
  }

  /** This campaigner's key, once it campaigned. */
  public Optional<Bytes> key() {
    return Optional.ofNullable(leaderKey);
  }

  /**
   * Calls {@code listener} with the leader's key-value whenever the leader or its value changes
   * (etcd's {@code Observe}), until the returned handle is closed.
   */
  public AutoCloseable observe(Consumer<KeyValue> listener) {
    Observer observer = new Observer(listener);
    observer.lookForLeader();
    return observer;
  }

  /** Follows the leader key: a put is a new value, a delete means looking for the next leader. */
  private final class Observer implements AutoCloseable {
    private final Consumer<KeyValue> listener;
    private volatile boolean closed;
    private volatile Watch watch;

    Observer(Consumer<KeyValue> listener) {
      this.listener = listener;
    }

    void lookForLeader() {
      if (closed) {
        return;
      }
      kv.range(Deletions.firstCreated(prefix)).whenComplete((found, failure) -> {
        if (failure != null || closed) {
          return;   // a failed read ends the observation, as a failed Get ends etcd's
        }
        if (found.kvs().isEmpty()) {
          follow(WatchRequest.prefix(prefix).fromRevision(found.header().revision() + 1), true);
        } else {
          KeyValue leader = found.kvs().get(0);
          listener.accept(leader);
          follow(WatchRequest.key(leader.key()).fromRevision(leader.modRevision() + 1), false);
        }
      });
    }

    /** Watches for the first leader's put ({@code waitingForAny}) or for the leader key's changes. */
    private void follow(WatchRequest request, boolean waitingForAny) {
      CompletableFuture<Void> over = new CompletableFuture<>();
      watch = kv.watch(request, response -> {
        if (over.isDone()) {
          return;
        }
        for (Event e : response.events()) {
          if (e.type() == Event.Type.DELETE || waitingForAny) {
            over.complete(null);   // leadership moved: read who leads now
            return;
          }
          listener.accept(e.kv());
        }
        if (response.canceled()) {
          over.complete(null);
        }
      });
      over.thenRun(() -> {
        watch.cancel();
        lookForLeader();
      });
      if (closed) {
        watch.cancel();
      }
    }

    @Override
    public void close() {
      closed = true;
      Watch w = watch;
      if (w != null) {
        w.cancel();
      }
    }
  }
}
