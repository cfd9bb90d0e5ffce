/**
 * Stable storage for one Raft node: the narrow {@link io.coreactor.consensus.storage.LogStorage}
 * and {@link io.coreactor.consensus.storage.HardStateStorage} interfaces, and
 * {@link io.coreactor.consensus.storage.LevelDbRaftStorage}, the production implementation.
 *
 * <p>A data directory holds {@code raft/}, a LevelDB with a format marker, the node id, the
 * hard state, a reference to the current snapshot and the log entries keyed by big-endian
 * index; and {@code snap/}, one checksummed file per snapshot. Every mutation is one synced
 * LevelDB write batch; a snapshot file is durable before the batch that refers to it. Opening
 * checks that the directory is this node's and whole, and refuses it otherwise: it never
 * starts over on its own. Start reading at {@code LevelDbRaftStorage}, then
 * {@code LevelDbOpener} for what opening checks and {@code LogWrites} for the log rules.
 */
package io.coreactor.consensus.storage;
