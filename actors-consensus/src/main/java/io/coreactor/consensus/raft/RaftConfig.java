package io.coreactor.consensus.raft;

/**
 * Tunables of one Raft node, in ticks and bytes. The election timeout of each term is drawn
 * at random from [electionTick, 2 * electionTick).
 *
 * @param id this node's id, never 0
 * @param electionTick ticks a follower waits without hearing from a leader before campaigning
 * @param heartbeatTick ticks between a leader's heartbeats
 * @param maxSizePerMsg max bytes of entries in one AppendEntries
 * @param maxInflightMsgs max unacknowledged AppendEntries per follower (pipelining window)
 * @param checkQuorum a leader that has not heard from a quorum for an election timeout steps down
 * @param preVote campaign with a pre-vote round first, so a partitioned node cannot disrupt
 * @param snapshotChunkSize bytes of snapshot data per InstallSnapshot message
 * @param maxUncommittedEntries proposals refused once this many are appended but uncommitted (0 = no limit)
 */
public record RaftConfig(long id, int electionTick, int heartbeatTick, long maxSizePerMsg,
                         int maxInflightMsgs, boolean checkQuorum, boolean preVote,
                         int snapshotChunkSize, int maxUncommittedEntries) {

  public RaftConfig {
    if (id == RaftCore.NONE) {
      throw new IllegalArgumentException("node id must not be 0");
    }
    if (heartbeatTick <= 0 || electionTick <= heartbeatTick) {
      throw new IllegalArgumentException("need 0 < heartbeatTick < electionTick, got "
          + heartbeatTick + " and " + electionTick);
    }
    if (maxInflightMsgs <= 0 || maxSizePerMsg <= 0 || snapshotChunkSize <= 0) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }

  /** Defaults close to etcd's: election 10 ticks, heartbeat 1 tick, 1 MiB messages, 256 in flight. */
  public static RaftConfig defaults(long id) {
    return new RaftConfig(id, 10, 1, 1024 * 1024, 256, true, true, 1024 * 1024, 0);
  }

  public RaftConfig withTicks(int election, int heartbeat) {
    return new RaftConfig(id, election, heartbeat, maxSizePerMsg, maxInflightMsgs, checkQuorum, preVote,
        snapshotChunkSize, maxUncommittedEntries);
  }

  public RaftConfig withLimits(long maxSize, int maxInflight, int chunkSize) {
    return new RaftConfig(id, electionTick, heartbeatTick, maxSize, maxInflight, checkQuorum, preVote,
        chunkSize, maxUncommittedEntries);
  }
}
