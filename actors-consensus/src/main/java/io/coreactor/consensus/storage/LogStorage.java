package io.coreactor.consensus.storage;

import io.coreactor.consensus.raft.Entry;
import java.util.List;

/**
 * The durable Raft log. Indexes are contiguous from {@link #firstIndex()} to
 * {@link #lastIndex()}; everything at or below {@code firstIndex() - 1} has been compacted
 * into a snapshot, whose term {@link #term(long)} still answers.
 */
public interface LogStorage {

  /** The first index still in the log (the snapshot index + 1). */
  long firstIndex();

  /** The last index in the log (the snapshot index when the log is empty). */
  long lastIndex();

  /** The term of the entry at {@code index}, for index in [firstIndex() - 1, lastIndex()]. */
  long term(long index);

  /** Entries in [from, toExclusive), which must lie within [firstIndex(), lastIndex() + 1]. */
  List<Entry> entries(long from, long toExclusive);

  /** Appends entries, first replacing any stored entry at or above the first one's index. Synced. */
  void append(List<Entry> entries);

  /** Removes every entry at or above {@code fromIndex}. Synced. */
  void truncateSuffix(long fromIndex);

  /** Drops every entry at or below {@code throughIndex}, remembering its term. Synced. */
  void compactPrefix(long throughIndex);
}
