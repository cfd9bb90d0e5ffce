package io.coreactor.consensus.raft;

/**
 * A released linearizable read: once the local state machine has applied {@code index}, the
 * read identified by {@code context} may be served from it.
 */
public record ReadState(long index, long context) {}
