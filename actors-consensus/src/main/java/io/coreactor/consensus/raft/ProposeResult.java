package io.coreactor.consensus.raft;

/**
 * The answer to a proposal: accepted at (index, term), to be confirmed when the entry at
 * that index commits with that term; or refused, with the leader as far as this node knows.
 * The pair identifies the proposal only while this node runs: a single-voter leader that
 * crashes before persisting its term may lead that term again and reuse it.
 */
public record ProposeResult(boolean accepted, long index, long term, long leaderHint, String reason) {

  static ProposeResult accepted(long index, long term) {
    return new ProposeResult(true, index, term, RaftCore.NONE, "");
  }

  static ProposeResult refused(long leader, String reason) {
    return new ProposeResult(false, 0, 0, leader, reason);
  }
}
