package io.coreactor.consensus.raft;

import java.util.List;

/**
 * What the Raft core asks its shell to do, in order:
 * <ol>
 *   <li>persist, durably and atomically: {@code snapshot} (if not null: also restore the
 *       state machine from it), then {@code entries} (the first one replaces any stored
 *       entry at the same or a higher index), then {@code hardState} (if not null);</li>
 *   <li>send {@code messages} ({@link #sendableBeforePersist} may go before step 1);</li>
 *   <li>apply {@code committedEntries} to the state machine in order;</li>
 *   <li>serve the reads in {@code readStates} once the state machine has applied their index;</li>
 *   <li>call {@link RaftCore#advance(Ready)}.</li>
 * </ol>
 * {@code softState} is not null when the leader or the role changed. {@code mustSync} is false
 * when the only thing to persist is a higher commit index that commits no membership change:
 * like etcd, the shell may then write the hard state without syncing it, since a commit index
 * lost in a crash is learned again from the leader (term, vote, entries, snapshots and
 * committed membership changes must be durable before anything goes on). {@code termDurable}
 * is true when this Ready does not change the term or vote: they were persisted before it.
 */
public record Ready(
    SoftState softState,
    HardState hardState,
    Snapshot snapshot,
    List<Entry> entries,
    List<RaftMessage> messages,
    List<Entry> committedEntries,
    List<ReadState> readStates,
    boolean mustSync,
    boolean termDurable) {

  public Ready {
    entries = List.copyOf(entries);
    messages = List.copyOf(messages);
    committedEntries = List.copyOf(committedEntries);
    readStates = List.copyOf(readStates);
  }

  /**
   * The messages that may go out while this Ready is being persisted: a leader's replication
   * (AppendEntries, Heartbeat, InstallSnapshot, TimeoutNow), which only a leader sends. Raft
   * thesis §10.2.1: the leader writes its log in parallel with sending it, because it counts
   * itself toward a commit only once its own write is done ({@link RaftCore#advance}). Only
   * when the term is durable ({@link #termDurable}): a single voter leads before its new term
   * is written, and after a crash it could lead that term again with different entries at the
   * same indexes. All other messages (votes, a follower's acknowledgement of the entries in
   * this Ready) wait for the write.
   */
  public List<RaftMessage> sendableBeforePersist() {
    return termDurable ? messages.stream().filter(Ready::isReplication).toList() : List.of();
  }

  /** The messages that must wait until this Ready is persisted: the rest of {@link #messages}. */
  public List<RaftMessage> sendAfterPersist() {
    return termDurable ? messages.stream().filter(m -> !isReplication(m)).toList() : messages;
  }

  private static boolean isReplication(RaftMessage m) {
    return m instanceof RaftMessage.AppendEntries || m instanceof RaftMessage.Heartbeat
        || m instanceof RaftMessage.InstallSnapshot || m instanceof RaftMessage.TimeoutNow;
  }

  /** True when something must be written to stable storage (synced or not, see {@link #mustSync}). */
  public boolean mustPersist() {
    return hardState != null || snapshot != null || !entries.isEmpty();
  }
}
