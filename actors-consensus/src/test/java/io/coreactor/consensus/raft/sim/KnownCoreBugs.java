package io.coreactor.consensus.raft.sim;

/**
 * Core bugs the simulation found and reported, tolerated so that a batch keeps looking for
 * new ones. {@code -Dsim.strict=true} tolerates none: use it (with a seed from the report)
 * to reproduce one, and delete its flag once the core is fixed.
 */
final class KnownCoreBugs {

  private static final boolean STRICT = Boolean.getBoolean("sim.strict");

  /**
   * {@code appliedIndex()} jumps to a received snapshot's index as soon as its last chunk is
   * installed ({@code RaftLog.restore} sets {@code applied}), before the Ready carrying the
   * snapshot is taken or advanced, against its Javadoc. A shell that serves a ReadState once
   * {@code appliedIndex() >= index} would read a state machine that was not restored yet.
   * Replays: {@code -Dsim.strict=true -Dsim.seed=6308690059506963093}.
   */
  static final boolean APPLIED_INDEX_JUMPS_AHEAD_OF_SNAPSHOT = !STRICT;

  /**
   * A leader that applies its own removal steps down at once ({@code Leader.onConfChanged})
   * and sends nothing more. Remaining voters that had not yet heard that the removal
   * committed (the heartbeats saying so were lost, or the replication window was full) still
   * count the removed node in their quorum, and may lack the last entries it appended. From
   * 2 voters to 1 the survivor then needs the removed node's vote, which it refuses because
   * the survivor's log is behind, while the removed node never campaigns: no leader, ever
   * (and once the operator shuts the removed node down, as etcd's server does, not even
   * that vote exists). etcd's raft keeps a removed leader leading until it is stopped.
   * Tolerated by never removing the leader itself. Replays:
   * {@code -Dsim.strict=true -Dsim.seed=8442114274895230329} (stuck with both nodes up) and
   * {@code -Dsim.strict=true -Dsim.seed=7886176674576609132} (stuck after the shutdown).
   */
  static final boolean REMOVED_LEADER_GOES_SILENT = !STRICT;

  private KnownCoreBugs() {}
}
