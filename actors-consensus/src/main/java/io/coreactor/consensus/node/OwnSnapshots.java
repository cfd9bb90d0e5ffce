package io.coreactor.consensus.node;

import io.coreactor.consensus.raft.RaftCore;
import io.coreactor.consensus.raft.Snapshot;
import io.coreactor.consensus.storage.StorageException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * A RaftNode's own snapshots, on the node's thread: asks the {@link Applier} for one when the
 * {@link SnapshotSchedule} says so, hands what the state machine encoded to the core and to
 * storage, and once storage saved it lets the core hold the stored snapshot, whose data stays
 * on disk, instead of the tens of MB it was encoded into.
 */
final class OwnSnapshots {

  private final ActorContext<RaftNode.Command> context;
  private final RaftCore core;
  private final AsyncStorage storage;
  private final ActorRef<Applier.Command> applier;
  private final SnapshotSchedule schedule;

  OwnSnapshots(ActorContext<RaftNode.Command> context, RaftCore core, AsyncStorage storage,
               ActorRef<Applier.Command> applier, NodeSettings settings) {
    this.context = context;
    this.core = core;
    this.storage = storage;
    this.applier = applier;
    this.schedule = new SnapshotSchedule(settings);
    if (core.snapshot().index() > 0) {   // the Applier restores from the loaded data; the core needs no copy
      context.pipeToSelf(storage.storedSnapshot(),
          (stored, failure) -> new RaftNode.SnapshotStored(failure == null ? stored : null));
    }
  }

  /** The state machine applied through {@code applied}: time for a snapshot, perhaps. */
  void applied(long applied) {
    if (schedule.start(applied, core.snapshot().index())) {
      applier.tell(Applier.TakeSnapshot.INSTANCE);
    }
  }

  void taken(RaftNode.SnapshotTaken taken) {
    if (taken.index() <= core.snapshot().index()) {
      schedule.done();   // a snapshot from the leader got there first
      return;
    }
    Snapshot snapshot = core.createSnapshot(taken.index(), taken.data());
    context.getLog().info("node {}: snapshot at {} ({} bytes)", core.id(), taken.index(), taken.data().length());
    context.pipeToSelf(storage.saveSnapshot(snapshot),
        (stored, failure) -> new RaftNode.SnapshotSaved(snapshot.index(), stored, failure));
  }

  /**
   * A snapshot that could not be encoded (out of memory, say) leaves everything else as it
   * was: the log is only compacted later than planned. The node keeps serving, and tries again
   * after another eighth of snapshot-count; stopping it would take a member away for nothing.
   */
  void failed(RaftNode.SnapshotFailed failed, long applied) {
    context.getLog().error("node {}: the state machine's snapshot at {} failed; retrying later", core.id(),
        failed.index(), failed.failure());
    schedule.failed(applied);
  }

  /** @throws StorageException when storage could not save it: the node stops */
  void saved(RaftNode.SnapshotSaved saved) {
    if (saved.failure() != null) {
      throw new StorageException("node " + core.id() + ": saving snapshot " + saved.index() + " failed",
          AsyncStorage.unwrap(saved.failure()));
    }
    schedule.done();
    stored(new RaftNode.SnapshotStored(saved.stored()));
  }

  /** The core lets go of the snapshot's data and reads it from storage when a follower needs it. */
  void stored(RaftNode.SnapshotStored stored) {
    if (stored.stored() != null) {
      core.snapshotStored(stored.stored());
    }
  }
}
