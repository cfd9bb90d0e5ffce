package io.coreactor.consensus.raft;

/** Where a snapshot stands in the log: its last included index and term, and the configuration then. */
public record SnapshotMeta(long index, long term, ConfState confState) {

  public static final SnapshotMeta EMPTY = new SnapshotMeta(0, 0, ConfState.EMPTY);
}
