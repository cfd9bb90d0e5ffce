package io.coreactor.consensus.node;

import io.coreactor.consensus.storage.RaftStorage;
import java.nio.file.Path;

/** Opens a Raft node's stable storage in a data directory, e.g. {@code LevelDbRaftStorage::open}. */
@FunctionalInterface
public interface StorageOpener {

  /** Opens (creating if needed) the storage of node {@code nodeId}; throws StorageException if it cannot. */
  RaftStorage open(Path dataDir, long nodeId);
}
