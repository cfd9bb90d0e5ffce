package io.coreactor.consensus.node;

import io.coreactor.consensus.raft.Ready;
import io.coreactor.consensus.raft.Snapshot;
import io.coreactor.consensus.storage.RaftStorage;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * A node's {@link RaftStorage} driven off the actor's thread: every call runs on the storage
 * dispatcher (one thread, so in the order made) and completes a future, which the actor
 * turns into a message with {@code pipeToSelf}.
 */
final class AsyncStorage {

  private final RaftStorage storage;
  private final Executor executor;
  private final Executor snapshotExecutor;

  AsyncStorage(RaftStorage storage, Executor executor, Executor snapshotExecutor) {
    this.storage = storage;
    this.snapshotExecutor = snapshotExecutor;
    this.executor = executor;
  }

  /** The storage dispatcher of this actor's system. */
  static Executor executor(ActorContext<?> context) {
    return context.getSystem().dispatchers().lookup(DispatcherSelector.fromConfig(NodeSettings.STORAGE_DISPATCHER));
  }

  /** The snapshot dispatcher of this actor's system. */
  static Executor snapshotExecutor(ActorContext<?> context) {
    return context.getSystem().dispatchers().lookup(DispatcherSelector.fromConfig(NodeSettings.SNAPSHOT_DISPATCHER));
  }

  /** Runs {@code task} (opening storage, say) on the storage dispatcher. */
  static <T> CompletableFuture<T> supply(ActorContext<?> context, Supplier<T> task) {
    return CompletableFuture.supplyAsync(task, executor(context));
  }

  /** One synced write of everything a Ready asks to persist (group commit). */
  CompletableFuture<Void> persist(Ready ready) {
    return CompletableFuture.runAsync(() -> storage.persist(ready.snapshot(), ready.entries(), ready.hardState()),
        executor);
  }

  /** Writes a Ready that only moves the commit index, unsynced (see {@link Ready#mustSync()}). */
  CompletableFuture<Void> saveCommit(Ready ready) {
    return CompletableFuture.runAsync(() -> storage.saveCommit(ready.hardState()), executor);
  }

  /**
   * Stores a snapshot the state machine took and compacts the log through it: its data is
   * written on the snapshot dispatcher first (a 30 MB file and its fsync held up every
   * Ready's write behind it for a tenth of a second), then the storage thread only refers
   * to it and drops the log. Staging failing leaves the writing to saveSnapshot.
   */
  CompletableFuture<Snapshot> saveSnapshot(Snapshot snapshot) {
    return CompletableFuture.runAsync(() -> storage.stageSnapshot(snapshot), snapshotExecutor)
        .handle((ok, failure) -> null)
        .thenApplyAsync(ignored -> {
          storage.saveSnapshot(snapshot);
          return storage.storedSnapshot();
        }, executor);
  }

  /** The latest snapshot with its data left in storage (see {@link RaftStorage#storedSnapshot}), or null. */
  CompletableFuture<Snapshot> storedSnapshot() {
    return CompletableFuture.supplyAsync(storage::storedSnapshot, executor);
  }

  /** Closes the storage after every write already queued; a later open queues behind it. */
  CompletableFuture<Void> close() {
    return CompletableFuture.runAsync(storage::close, executor);
  }

  /** The failure a future completed with, without its CompletionException wrapper. */
  static Throwable unwrap(Throwable t) {
    return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
  }
}
