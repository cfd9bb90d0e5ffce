package io.coreactor.consensus.raft;

/** The state Raft must persist before answering: current term, vote in that term, commit index. */
public record HardState(long term, long vote, long commit) {

  public static final HardState EMPTY = new HardState(0, RaftCore.NONE, 0);

  public boolean isEmpty() {
    return equals(EMPTY);
  }
}
