package io.coreactor.consensus.raft;

/** The role a Raft node plays in its current term. */
public enum Role { FOLLOWER, PRE_CANDIDATE, CANDIDATE, LEADER }
