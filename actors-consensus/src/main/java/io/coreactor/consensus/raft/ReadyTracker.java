package io.coreactor.consensus.raft;

import java.util.List;

/**
 * What a {@link RaftCore} hands its shell, and what the shell has acknowledged (etcd's
 * {@code RawNode}: {@code HasReady}, {@code Ready}, {@code Advance}). It remembers the soft
 * and hard state last handed out, so that a Ready carries them only when they changed.
 */
final class ReadyTracker {

  private final RaftCore core;
  private HardState lastHardState;
  private SoftState lastSoftState;

  /** @param founding a new member's first hard state is not yet stored: the first Ready carries it */
  ReadyTracker(RaftCore core, boolean founding) {
    this.core = core;
    this.lastHardState = founding ? HardState.EMPTY : core.hardState();
    this.lastSoftState = core.softState();
  }

  boolean hasReady() {
    RaftLog log = core.log;
    return !core.softState().equals(lastSoftState)
        || !core.hardState().equals(lastHardState)
        || core.pendingSnapshot != null
        || log.hasUnpersisted()
        || !core.outbox.isEmpty()
        || log.hasUnapplied()
        || !core.readStates.isEmpty()
        || (core.leader != null && core.leader.hasPendingBroadcast());
  }

  Ready ready() {
    if (core.leader != null) {
      core.leader.flushBroadcast();
    }
    SoftState soft = core.softState();
    SoftState softOut = soft.equals(lastSoftState) ? null : soft;
    lastSoftState = soft;
    HardState hard = core.hardState();
    HardState hardOut = hard.equals(lastHardState) ? null : hard;
    boolean termOrVoteChanged = hardOut != null
        && (hard.term() != lastHardState.term() || hard.vote() != lastHardState.vote());
    lastHardState = hard;
    Snapshot snap = core.pendingSnapshot;
    core.pendingSnapshot = null;
    List<Entry> entries = core.log.takeUnpersisted();
    List<RaftMessage> messages = List.copyOf(core.outbox);
    core.outbox.clear();
    List<Entry> committed = core.takeCommitted();
    List<ReadState> reads = List.copyOf(core.readStates);
    core.readStates.clear();
    // A committed membership change is synced too: a node that forgot it committed one could
    // be left waiting for the votes of members that were removed and are gone.
    boolean mustSync = termOrVoteChanged || snap != null || !entries.isEmpty()
        || committed.stream().anyMatch(e -> e.type() == Entry.Type.CONF_CHANGE);
    return new Ready(softOut, hardOut, snap, entries, messages, committed, reads, mustSync, !termOrVoteChanged);
  }

  void advance(Ready ready) {
    RaftLog log = core.log;
    if (!ready.entries().isEmpty() || ready.snapshot() != null) {
      log.persistedHanded();
    }
    if (!ready.committedEntries().isEmpty()) {
      long last = ready.committedEntries().get(ready.committedEntries().size() - 1).index();
      log.applied = Math.max(log.applied, last);
    }
    if (ready.snapshot() != null) {
      log.applied = Math.max(log.applied, ready.snapshot().index());
    }
    if (core.leader != null) {
      core.leader.onPersisted();
    }
  }
}
