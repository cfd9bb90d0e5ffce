package io.coreactor.consensus.storage;

import io.coreactor.consensus.raft.HardState;

/** The durable term, vote and commit index, always saved together. */
public interface HardStateStorage {

  /** The last saved hard state, {@link HardState#EMPTY} when none was ever saved. */
  HardState hardState();

  /** Saves term, vote and commit atomically. Synced. */
  void saveHardState(HardState hardState);
}
