package io.coreactor.consensus.raft;

import java.util.ArrayDeque;

/**
 * The leader's view of one follower (etcd's Progress): what is known to match, what to send
 * next, and how: PROBE (one AppendEntries at a time until the match point is found),
 * REPLICATE (optimistic pipelining within a bounded window of in-flight messages) or
 * SNAPSHOT (sending InstallSnapshot chunks, one at a time).
 */
final class Progress {

  enum State { PROBE, REPLICATE, SNAPSHOT }

  long match;
  long next;
  State state = State.PROBE;
  /** In PROBE: an AppendEntries is out and no answer came yet. */
  boolean probeSent;
  /** Heard from since the last check-quorum round. */
  boolean recentActive;
  /** In SNAPSHOT: the snapshot being sent, and how much of it the follower confirmed. */
  long snapshotIndex;
  long snapshotOffset;

  private final int maxInflight;
  /** Last index of each unacknowledged AppendEntries, oldest first. */
  private final ArrayDeque<Long> inflight = new ArrayDeque<>();

  Progress(long next, int maxInflight) {
    this.next = next;
    this.maxInflight = maxInflight;
  }

  boolean isPaused() {
    return switch (state) {
      case PROBE -> probeSent;
      case REPLICATE -> inflight.size() >= maxInflight;
      case SNAPSHOT -> true;
    };
  }

  void becomeProbe() {
    if (state == State.SNAPSHOT) {
      next = Math.max(match + 1, snapshotIndex + 1);
    } else {
      next = match + 1;
    }
    state = State.PROBE;
    probeSent = false;
    inflight.clear();
    snapshotIndex = 0;
    snapshotOffset = 0;
  }

  void becomeReplicate() {
    state = State.REPLICATE;
    next = match + 1;
    probeSent = false;
    inflight.clear();
  }

  void becomeSnapshot(long index) {
    state = State.SNAPSHOT;
    snapshotIndex = index;
    snapshotOffset = 0;
    probeSent = false;
    inflight.clear();
  }

  /** Records that entries through {@code last} were sent. */
  void sent(long last) {
    if (state == State.REPLICATE) {
      next = last + 1;
      inflight.addLast(last);
    } else if (state == State.PROBE) {
      probeSent = true;
    }
  }

  /** Frees the oldest window slot when the window is full: its message or answer may be lost. */
  void freeOneIfFull() {
    if (inflight.size() >= maxInflight) {
      inflight.pollFirst();
    }
  }

  /** A success up to {@code index}; returns false when it tells nothing new. */
  boolean maybeUpdate(long index) {
    boolean updated = false;
    if (match < index) {
      match = index;
      updated = true;
      probeSent = false;
    }
    next = Math.max(next, index + 1);
    while (!inflight.isEmpty() && inflight.peekFirst() <= index) {
      inflight.pollFirst();
    }
    return updated;
  }

  /**
   * A rejection of the AppendEntries whose prevLogIndex was {@code rejected}; the follower
   * could next agree at {@code hint}. Returns false for a stale rejection.
   */
  boolean maybeDecrTo(long rejected, long hint) {
    if (state == State.REPLICATE) {
      if (rejected <= match) {
        return false;
      }
      next = match + 1;
      return true;
    }
    if (next - 1 != rejected) {
      return false;
    }
    next = Math.max(Math.min(rejected, hint + 1), match + 1);
    probeSent = false;
    return true;
  }

  @Override
  public String toString() {
    return state + "[match=" + match + " next=" + next + " inflight=" + inflight.size() + "]";
  }
}
