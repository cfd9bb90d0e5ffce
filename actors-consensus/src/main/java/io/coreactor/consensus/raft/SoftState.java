package io.coreactor.consensus.raft;

/** Volatile state worth reporting (not persisted): who leads as far as this node knows, and its own role. */
public record SoftState(long leader, Role role, long term) {}
