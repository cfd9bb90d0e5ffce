package io.coreactor.consensus.server;

/**
 * What one member reports about itself (etcd's maintenance status and stats): who it
 * believes leads, the Raft term and indexes, the store's revision and size.
 */
public record NodeStatus(long clusterId, long memberId, String name, long leader, long raftTerm,
                         long raftIndex, long raftAppliedIndex, long revision, long compactRevision,
                         long dbSize, String version, long leaderChanges, long proposalsCommitted,
                         long startedAtMillis) {

  public boolean isLeader() {
    return leader == memberId;
  }
}
