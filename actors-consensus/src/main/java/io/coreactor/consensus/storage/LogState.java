package io.coreactor.consensus.storage;

import io.coreactor.consensus.raft.HardState;
import io.coreactor.consensus.raft.SnapshotMeta;

/**
 * What {@link LevelDbRaftStorage} caches about its disk contents so that bounds and the terms
 * at both ends cost no read. Immutable: a write computes the next one and installs it only
 * after the batch is durable, so a failed write leaves the cache describing the disk.
 *
 * @param snapshot the stored snapshot's meta, {@link SnapshotMeta#EMPTY} when none is stored
 * @param snapshotStored whether a snapshot reference (and file) exists
 * @param lastIndex the last log index, the snapshot index when the log is empty
 * @param lastTerm the term at {@code lastIndex}
 */
record LogState(SnapshotMeta snapshot, boolean snapshotStored, long lastIndex, long lastTerm,
    HardState hardState) {

  static final LogState EMPTY = new LogState(SnapshotMeta.EMPTY, false, 0, 0, HardState.EMPTY);

  long firstIndex() {
    return snapshot.index() + 1;
  }

  LogState withLog(long last, long term) {
    return new LogState(snapshot, snapshotStored, last, term, hardState);
  }

  LogState withHardState(HardState hs) {
    return new LogState(snapshot, snapshotStored, lastIndex, lastTerm, hs);
  }

  LogState withSnapshot(SnapshotMeta meta) {
    return new LogState(meta, true, lastIndex, lastTerm, hardState);
  }
}
