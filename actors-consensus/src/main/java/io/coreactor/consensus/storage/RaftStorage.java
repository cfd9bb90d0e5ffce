package io.coreactor.consensus.storage;

import io.coreactor.consensus.raft.ConfState;
import io.coreactor.consensus.raft.Entry;
import io.coreactor.consensus.raft.HardState;
import io.coreactor.consensus.raft.PersistentState;
import io.coreactor.consensus.raft.Snapshot;
import java.io.Closeable;
import java.util.List;

/** Everything one Raft node keeps on stable storage: log, hard state and latest snapshot. */
public interface RaftStorage extends LogStorage, HardStateStorage, Closeable {

  /** The latest snapshot; the bootstrap snapshot at index 0 once {@link #bootstrap} ran. */
  Snapshot snapshot();

  /** True when nothing was ever stored: the node must be bootstrapped. */
  boolean isEmpty();

  /** Stores the bootstrap snapshot at index 0 carrying the initial configuration. */
  void bootstrap(ConfState initial);

  /**
   * Persists one Ready in a single synced write (group commit): first the snapshot (if not
   * null; it replaces the whole log below and at its index), then the entries (replacing any
   * stored suffix from the first one's index), then the hard state (if not null). Either all
   * of it survives a crash or none of it does.
   */
  void persist(Snapshot snapshot, List<Entry> entries, HardState hardState);

  /**
   * Stores a hard state that differs from the stored one only in a higher commit index. It
   * need not be synced (etcd does not sync it either): a crash may lose it, never reorder it
   * before an earlier write.
   */
  default void saveCommit(HardState hardState) {
    saveHardState(hardState);
  }

  /**
   * After the state machine took a snapshot: store it, then drop the log through its index.
   * A snapshot not newer than the stored one is ignored.
   */
  void saveSnapshot(Snapshot snapshot);

  /**
   * May be called on another thread, concurrently with the other calls, before
   * {@link #saveSnapshot} of the same snapshot: does the slow part of saving it (writing its
   * data) there, so that the calls that persist Readies do not wait for it. Optional: a
   * failure here only leaves the work to saveSnapshot. The default does nothing.
   */
  default void stageSnapshot(Snapshot snapshot) {
  }

  /**
   * The latest snapshot with its data left in storage and read on demand, for a node to hold
   * instead of the data; null when this storage has no such form or no snapshot was stored.
   */
  default Snapshot storedSnapshot() {
    return null;
  }

  /** What the node restarts from. */
  PersistentState load();

  @Override
  void close();
}
