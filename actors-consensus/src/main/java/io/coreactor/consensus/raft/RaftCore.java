package io.coreactor.consensus.raft;

import java.util.random.RandomGenerator;

/**
 * The Raft algorithm as a deterministic state machine: no threads, no clock, no I/O. Inputs
 * are {@link #tick()}, {@link #step(RaftMessage)} and the client calls; the output is a
 * {@link Ready} batch that the shell persists, sends and applies before calling
 * {@link #advance(Ready)}. Only one Ready may be outstanding at a time; inputs may keep
 * arriving while it is being persisted.
 */
public final class RaftCore {

  /** The id that means "no node". */
  public static final long NONE = 0;

  /**
   * @param config tunables and this node's id
   * @param state what was recovered from stable storage (the bootstrap snapshot for a new member)
   * @param random the source of randomized election timeouts; seeded in simulation
   */
  public RaftCore(RaftConfig config, PersistentState state, RandomGenerator random) {
    throw new UnsupportedOperationException("not yet");
  }

  /** Advances logical time by one tick: election timeouts, heartbeats, check-quorum. */
  public void tick() { throw new UnsupportedOperationException(); }

  /** Takes one message from a peer. Messages not addressed to this node are ignored. */
  public void step(RaftMessage message) { throw new UnsupportedOperationException(); }

  /** Appends a client payload when leading; refused otherwise or during a leadership transfer. */
  public ProposeResult propose(byte[] data) { throw new UnsupportedOperationException(); }

  /** Appends a membership change when leading and no other change is still uncommitted. */
  public ProposeResult proposeConfChange(ConfChange change) { throw new UnsupportedOperationException(); }

  /**
   * Asks for a linearizable read index. When granted, a {@link ReadState} with this context
   * appears in a later Ready. Returns false when no leader is known (retry later).
   */
  public boolean readIndex(long context) { throw new UnsupportedOperationException(); }

  /** Asks the leader to hand leadership to {@code to} (leader only; ignored elsewhere). */
  public void transferLeadership(long to) { throw new UnsupportedOperationException(); }

  /** Starts an election now (pre-vote first when enabled), as if the election timeout elapsed. */
  public void campaign() { throw new UnsupportedOperationException(); }

  /** True when {@link #ready()} has something to do. */
  public boolean hasReady() { throw new UnsupportedOperationException(); }

  /** Collects what must be persisted, sent, applied and released since the last Ready. */
  public Ready ready() { throw new UnsupportedOperationException(); }

  /** Acknowledges that a Ready from {@link #ready()} was fully persisted, sent and handed to the state machine. */
  public void advance(Ready ready) { throw new UnsupportedOperationException(); }

  /**
   * Records a snapshot the state machine took after applying {@code index} and compacts the
   * in-memory log through it. Returns the snapshot with its term and configuration filled in,
   * for the shell to store ({@code RaftStorage.saveSnapshot}).
   */
  public Snapshot createSnapshot(long index, byte[] data) { throw new UnsupportedOperationException(); }

  public long id() { throw new UnsupportedOperationException(); }

  public long term() { throw new UnsupportedOperationException(); }

  public long leader() { throw new UnsupportedOperationException(); }

  public Role role() { throw new UnsupportedOperationException(); }

  public long commitIndex() { throw new UnsupportedOperationException(); }

  /** The last index handed to the state machine through a Ready that was advanced. */
  public long appliedIndex() { throw new UnsupportedOperationException(); }

  public long firstIndex() { throw new UnsupportedOperationException(); }

  public long lastIndex() { throw new UnsupportedOperationException(); }

  /** The configuration in force (changes take effect when committed). */
  public ConfState confState() { throw new UnsupportedOperationException(); }

  public HardState hardState() { throw new UnsupportedOperationException(); }
}
