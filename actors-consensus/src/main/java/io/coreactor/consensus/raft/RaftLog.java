package io.coreactor.consensus.raft;

import java.util.ArrayList;
import java.util.List;

/**
 * The core's in-memory view of the log: everything after the latest snapshot, with the
 * bookkeeping of what was handed to the shell to persist and to apply. Indexes run from
 * {@code base + 1} to {@link #lastIndex()}; {@code base} is the snapshot's index.
 */
final class RaftLog {

  static final long UNKNOWN = -1;

  private long baseIndex;
  private long baseTerm;
  private final ArrayList<Entry> entries = new ArrayList<>();

  /** Highest index known committed. */
  long committed;
  /** Highest index handed to the shell to persist (in a Ready). */
  long handedToPersist;
  /** Highest index the shell confirmed persisted. */
  long persisted;
  /** Highest committed index handed to the shell to apply. */
  long handedToApply;
  /** Highest index the shell confirmed applied. */
  long applied;

  RaftLog(SnapshotMeta snapshot, List<Entry> stored, long committed) {
    this.baseIndex = snapshot.index();
    this.baseTerm = snapshot.term();
    long expected = baseIndex + 1;
    for (Entry e : stored) {
      if (e.index() < expected) {
        continue; // covered by the snapshot
      }
      if (e.index() != expected) {
        throw new IllegalStateException("stored log has a gap at " + expected + ", found " + e.index());
      }
      entries.add(e);
      expected++;
    }
    long last = lastIndex();
    if (committed > last) {
      throw new IllegalStateException("commit index " + committed + " is past the stored log's end " + last);
    }
    this.committed = Math.max(committed, baseIndex);
    this.handedToPersist = last;
    this.persisted = last;
    this.handedToApply = baseIndex;
    this.applied = baseIndex;
  }

  long firstIndex() {
    return baseIndex + 1;
  }

  long baseIndex() {
    return baseIndex;
  }

  long lastIndex() {
    return baseIndex + entries.size();
  }

  long lastTerm() {
    return term(lastIndex());
  }

  /** The term at {@code index}, or {@link #UNKNOWN} when compacted away or not yet appended. */
  long term(long index) {
    if (index == baseIndex) {
      return baseTerm;
    }
    if (index < baseIndex || index > lastIndex()) {
      return UNKNOWN;
    }
    return entries.get((int) (index - baseIndex - 1)).term();
  }

  boolean matchTerm(long index, long term) {
    long t = term(index);
    return t != UNKNOWN && t == term;
  }

  Entry entry(long index) {
    return entries.get((int) (index - baseIndex - 1));
  }

  /** Raft §5.4.1: is a log ending at (lastIndex, lastTerm) at least as up-to-date as ours? */
  boolean isUpToDate(long lastIndex, long lastTerm) {
    long myTerm = lastTerm();
    return lastTerm > myTerm || (lastTerm == myTerm && lastIndex >= lastIndex());
  }

  /** Entries in [from, to), stopping early once {@code maxBytes} is passed (at least one entry). */
  List<Entry> slice(long from, long to, long maxBytes) {
    if (from < firstIndex() || to > lastIndex() + 1) {
      throw new IllegalArgumentException("slice [" + from + "," + to + ") outside [" + firstIndex() + ","
          + (lastIndex() + 1) + ")");
    }
    List<Entry> out = new ArrayList<>();
    long size = 0;
    for (long i = from; i < to; i++) {
      Entry e = entry(i);
      size += e.size();
      if (!out.isEmpty() && size > maxBytes) {
        break;
      }
      out.add(e);
    }
    return out;
  }

  /** A founding member's first entries: the initial voters, committed, at term 1. */
  void appendFoundingVoters(ConfState conf) {
    for (long voter : conf.voters()) {
      append(new Entry(lastIndex() + 1, 1, Entry.Type.CONF_CHANGE,
          new ConfChange(ConfChange.Type.ADD_VOTER, voter).encode()));
    }
    commitTo(lastIndex());
  }

  /** A leader's append of its own new entry. */
  void append(Entry e) {
    if (e.index() != lastIndex() + 1) {
      throw new IllegalArgumentException("append at " + e.index() + " after " + lastIndex());
    }
    entries.add(e);
  }

  /**
   * A follower's append of entries that follow a matching (prevIndex, prevTerm): entries
   * already present with the same term are kept; from the first conflict on, the log is
   * replaced. Returns the index of the last new entry.
   */
  long appendFromLeader(List<Entry> incoming) {
    for (Entry e : incoming) {
      long t = term(e.index());
      if (t == e.term()) {
        continue;
      }
      if (e.index() <= baseIndex) {
        continue; // inside the snapshot: already committed and identical
      }
      if (e.index() <= committed) {
        throw new IllegalStateException("conflict at committed index " + e.index() + " (commit " + committed + ")");
      }
      truncateFrom(e.index());
      entries.add(e);
    }
    return incoming.isEmpty() ? 0 : incoming.get(incoming.size() - 1).index();
  }

  private void truncateFrom(long index) {
    if (index <= lastIndex()) {
      entries.subList((int) (index - baseIndex - 1), entries.size()).clear();
    }
    handedToPersist = Math.min(handedToPersist, index - 1);
    persisted = Math.min(persisted, index - 1);
  }

  /**
   * The last index at or below {@code index} whose term is at most {@code term}, with its term:
   * where a follower's log could next agree with a leader's (fast backtracking).
   */
  long[] findConflictByTerm(long index, long term) {
    long i = Math.min(index, lastIndex());
    while (i > baseIndex) {
      long t = term(i);
      if (t <= term) {
        return new long[] {i, t};
      }
      i--;
    }
    return new long[] {baseIndex, baseTerm};
  }

  void commitTo(long index) {
    if (index > committed) {
      if (index > lastIndex()) {
        throw new IllegalStateException("commit " + index + " past last index " + lastIndex());
      }
      committed = index;
    }
  }

  /** Entries not yet handed to the shell for persistence; marks them handed. */
  List<Entry> takeUnpersisted() {
    long last = lastIndex();
    if (handedToPersist >= last) {
      return List.of();
    }
    List<Entry> out = List.copyOf(entries.subList((int) (handedToPersist - baseIndex), entries.size()));
    handedToPersist = last;
    return out;
  }

  boolean hasUnpersisted() {
    return handedToPersist < lastIndex();
  }

  boolean hasUnapplied() {
    return handedToApply < committed;
  }

  /** Committed entries not yet handed to the shell for applying; marks them handed. */
  List<Entry> takeCommitted() {
    if (handedToApply >= committed) {
      return List.of();
    }
    List<Entry> out = List.copyOf(entries.subList((int) (handedToApply - baseIndex),
        (int) (committed - baseIndex)));
    handedToApply = committed;
    return out;
  }

  /** The shell persisted everything handed so far. */
  void persistedHanded() {
    persisted = Math.max(persisted, handedToPersist);
  }

  /** Replaces the whole log by a snapshot received from the leader. */
  void restore(SnapshotMeta meta) {
    entries.clear();
    baseIndex = meta.index();
    baseTerm = meta.term();
    committed = meta.index();
    handedToPersist = meta.index();
    persisted = meta.index();
    handedToApply = meta.index();
    // applied moves only when the shell confirms it restored the state machine (advance)
  }

  /** Drops entries through {@code index}, which a local snapshot now covers. */
  void compact(long index) {
    if (index <= baseIndex) {
      return;
    }
    if (index > applied) {
      throw new IllegalArgumentException("cannot compact past applied index " + applied + ": " + index);
    }
    long t = term(index);
    entries.subList(0, (int) (index - baseIndex)).clear();
    baseIndex = index;
    baseTerm = t;
  }
}
