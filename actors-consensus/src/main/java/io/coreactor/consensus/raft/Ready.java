package io.coreactor.consensus.raft;

import java.util.List;

/**
 * What the Raft core asks its shell to do, in order:
 * <ol>
 *   <li>persist, durably and atomically: {@code snapshot} (if not null: also restore the
 *       state machine from it), then {@code entries} (the first one replaces any stored
 *       entry at the same or a higher index), then {@code hardState} (if not null);</li>
 *   <li>send {@code messages};</li>
 *   <li>apply {@code committedEntries} to the state machine in order;</li>
 *   <li>serve the reads in {@code readStates} once the state machine has applied their index;</li>
 *   <li>call {@link RaftCore#advance(Ready)}.</li>
 * </ol>
 * {@code softState} is not null when the leader or the role changed. {@code mustSync} is false
 * when the only thing to persist is a higher commit index that commits no membership change:
 * like etcd, the shell may then write the hard state without syncing it, since a commit index
 * lost in a crash is learned again from the leader (term, vote, entries, snapshots and
 * committed membership changes must be durable before anything goes on).
 */
public record Ready(
    SoftState softState,
    HardState hardState,
    Snapshot snapshot,
    List<Entry> entries,
    List<RaftMessage> messages,
    List<Entry> committedEntries,
    List<ReadState> readStates,
    boolean mustSync) {

  public Ready {
    entries = List.copyOf(entries);
    messages = List.copyOf(messages);
    committedEntries = List.copyOf(committedEntries);
    readStates = List.copyOf(readStates);
  }

  /** True when something must be written to stable storage (synced or not, see {@link #mustSync}). */
  public boolean mustPersist() {
    return hardState != null || snapshot != null || !entries.isEmpty();
  }
}
