package io.coreactor.consensus.node;

import io.coreactor.consensus.raft.ConfChange;
import io.coreactor.consensus.raft.Entry;
import io.coreactor.consensus.raft.Snapshot;
import java.util.function.Supplier;

/**
 * The replicated state a Raft group drives. It is called only from the group's
 * {@link Applier}, one call at a time, in log order; anything that reads it from other
 * threads (after a {@link RaftNode.Read} barrier, say) must be safe against concurrent
 * {@link #apply}. Every replica must compute the same state from the same entries.
 */
public interface StateMachine {

  /**
   * Applies one committed entry (never a leader's empty no-op, never a membership change)
   * and returns the result handed back to its proposer. The result may cross JVMs when the
   * proposal was forwarded, so it must be serializable by Pekko (a {@code CborSerializable},
   * a String, a boxed number, or null). Must not throw: report a failed command in the result.
   */
  Object apply(Entry entry);

  /**
   * Sees a committed membership change, in log order with {@link #apply}, so that state kept
   * about members (etcd keeps their names and URLs, carried in {@link ConfChange#context()})
   * is replicated like the rest. Raft applies the change itself; must not throw.
   */
  default void applyConfChange(Entry entry, ConfChange change) {
  }

  /** The whole state after the last applied entry, as opaque bytes. */
  byte[] snapshot();

  /**
   * The state after the last applied entry, captured now and encoded by the supplier later,
   * on another thread, while {@link #apply} goes on: the snapshot then does not hold up
   * applying. The default captures by calling {@link #snapshot()} at once; a state machine
   * with a large state should copy only what later applies would change.
   */
  default Supplier<Snapshot.Data> captureSnapshot() {
    Snapshot.Data data = Snapshot.Data.of(snapshot());
    return () -> data;
  }

  /** Replaces the whole state with a {@link #snapshot()}'s bytes; an empty array means the empty state. */
  void restore(byte[] data);
}
