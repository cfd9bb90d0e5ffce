package io.coreactor.consensus.raft;

import java.util.List;

/**
 * What a node recovers from stable storage on start: the latest snapshot (the bootstrap
 * snapshot at index 0 for a fresh member), the entries after it, and the hard state.
 */
public record PersistentState(HardState hardState, Snapshot snapshot, List<Entry> entries) {

  public PersistentState {
    entries = List.copyOf(entries);
    if (hardState == null) {
      hardState = HardState.EMPTY;
    }
  }

  /** A brand-new member of a cluster whose initial voters are {@code conf}. */
  public static PersistentState bootstrap(ConfState conf) {
    return new PersistentState(HardState.EMPTY, new Snapshot(new SnapshotMeta(0, 0, conf), new byte[0]), List.of());
  }
}
