package io.coreactor.consensus.raft.sim;

/** A broken Raft invariant (or contract) found by the simulation; the message names the rule. */
final class SimulationFailure extends AssertionError {

  SimulationFailure(String message) {
    super(message);
  }
}
