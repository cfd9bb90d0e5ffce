/**
 * Seeded simulation of the Raft core ({@code RaftCore}) over {@code MemoryRaftStorage}.
 *
 * <p>Start with {@link io.coreactor.consensus.raft.sim.RaftSimulationTest} (the batch, the
 * replay flags) and {@link io.coreactor.consensus.raft.sim.Simulation} (one run: step loop,
 * then convergence). A run is a pure function of its seed: {@code SimParams} draws the
 * cluster size, Raft tunables and fault mix; {@code SimNetwork} delays, drops, duplicates,
 * reorders and cuts links; {@code SimFaults} crashes nodes (losing a Ready being persisted),
 * restarts them from their disk, partitions, and shuts removed nodes down; {@code SimWorkload}
 * proposes, reads, changes membership, transfers leadership and snapshots; {@code SimNode}
 * runs each node's Ready loop. {@code SafetyChecker} checks the Raft properties after every
 * input and output, from observations only, so {@code SafetyCheckerTest} can show it fails on
 * fabricated histories and {@code SimulatorSelfTest} that a broken shell is caught.
 * {@code MembershipRegressionTest} keeps hand-reduced reproductions of core bugs it found.
 */
package io.coreactor.consensus.raft.sim;
