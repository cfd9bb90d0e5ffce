package io.coreactor.consensus.raft;

import io.coreactor.consensus.raft.RaftMessage.AppendEntries;
import io.coreactor.consensus.raft.RaftMessage.AppendEntriesResponse;
import io.coreactor.consensus.raft.RaftMessage.Heartbeat;
import io.coreactor.consensus.raft.RaftMessage.HeartbeatResponse;
import io.coreactor.consensus.raft.RaftMessage.InstallSnapshot;
import io.coreactor.consensus.raft.RaftMessage.InstallSnapshotResponse;
import io.coreactor.consensus.raft.RaftMessage.ReadIndexRequest;
import io.coreactor.consensus.raft.RaftMessage.ReadIndexResponse;
import io.coreactor.consensus.raft.RaftMessage.TimeoutNow;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The leader role of a {@link RaftCore}: one {@link Progress} per follower, replication with
 * batching and pipelining, commitment by counting current-term matches, heartbeats and
 * check-quorum, ReadIndex rounds, chunked InstallSnapshot and leadership transfer. Lives
 * exactly as long as the node leads its term.
 */
final class Leader {

  private final RaftCore core;
  private final RaftLog log;
  private final TreeMap<Long, Progress> progress = new TreeMap<>();
  private final ReadOnly readOnly = new ReadOnly();
  /** Reads that arrived before this term's first commit: a read index is not known yet. */
  private final List<long[]> readsAwaitingCommit = new ArrayList<>();
  /** The no-op's index at first, then the latest membership change's. */
  long pendingConfIndex;
  private long transferee = RaftCore.NONE;
  private boolean broadcastNew;
  private boolean broadcastCommit;

  Leader(RaftCore core) {
    this.core = core;
    this.log = core.log;
  }

  void start() {
    for (long peer : core.conf.members()) {
      if (peer != core.id) {
        addProgress(peer);
      }
    }
    // The no-op commits this term's first entry, which settles the commit index (§8) and
    // makes membership changes safe (one at a time, only after it).
    Entry noop = new Entry(log.lastIndex() + 1, core.term, Entry.Type.NORMAL, new byte[0]);
    log.append(noop);
    pendingConfIndex = noop.index();
    broadcastNew = true;
  }

  void stop() {
    readOnly.clear();
    readsAwaitingCommit.clear();
  }

  private void addProgress(long peer) {
    Progress p = new Progress(log.lastIndex() + 1, core.config.maxInflightMsgs());
    p.recentActive = true;
    progress.put(peer, p);
  }

  // ---------------------------------------------------------------- time

  void tick() {
    core.heartbeatElapsed++;
    core.electionElapsed++;
    if (core.electionElapsed >= core.config.electionTick()) {
      core.electionElapsed = 0;
      if (core.config.checkQuorum()) {
        if (!quorumActive()) {
          core.becomeFollower(core.term, RaftCore.NONE);
          return;
        }
        progress.values().forEach(p -> p.recentActive = false);
      }
      transferee = RaftCore.NONE; // a transfer that took an election timeout has failed
      if (!core.conf.isVoter(core.id)) {
        handOff();
      }
    }
    if (core.heartbeatElapsed >= core.config.heartbeatTick()) {
      core.heartbeatElapsed = 0;
      broadcastHeartbeat(readOnly.latestRound());
    }
  }

  private boolean quorumActive() {
    long active = core.conf.voters().stream()
        .filter(v -> v == core.id || (progress.containsKey(v) && progress.get(v).recentActive))
        .count();
    return active >= quorum();
  }

  private int quorum() {
    return core.conf.voters().size() / 2 + 1;
  }

  // ---------------------------------------------------------------- client input

  ProposeResult propose(Entry.Type type, byte[] data) {
    if (transferee != RaftCore.NONE) {
      return ProposeResult.refused(RaftCore.NONE, "leadership transfer in progress");
    }
    int max = core.config.maxUncommittedEntries();
    if (max > 0 && log.lastIndex() - log.committed >= max) {
      return ProposeResult.refused(core.id, "too many uncommitted entries");
    }
    Entry e = new Entry(log.lastIndex() + 1, core.term, type, data);
    log.append(e);
    broadcastNew = true;
    return ProposeResult.accepted(e.index(), e.term());
  }

  void readIndex(long from, long context) {
    if (log.term(log.committed) != core.term) {
      readsAwaitingCommit.add(new long[] {from, context});
      return;
    }
    if (core.conf.voters().size() == 1 && core.conf.isVoter(core.id)) {
      release(from, context, log.committed);
      return;
    }
    readOnly.add(from, context, log.committed, core.id);
  }

  private void release(long from, long context, long index) {
    if (from == core.id) {
      core.readStates.add(new ReadState(index, context));
    } else {
      core.send(new ReadIndexResponse(core.id, from, core.term, context, index));
    }
  }

  void transferTo(long to) {
    if (to == core.id || !core.conf.isVoter(to) || to == transferee || isBeingRemoved(to)) {
      return;
    }
    transferee = to;
    core.electionElapsed = 0;
    Progress p = progress.get(to);
    if (p.match == log.lastIndex()) {
      core.send(new TimeoutNow(core.id, to, core.term));
    } else {
      maybeSendAppend(to, true);
    }
  }

  /**
   * This leader was removed from the voters. It keeps leading, without counting itself, so
   * the remaining voters learn that the removal committed (they may need that to form a
   * quorum without it), and hands leadership to the most caught-up voter. It steps down
   * when that voter's election reaches it; as a non-voter it never campaigns again.
   */
  private void handOff() {
    long best = RaftCore.NONE;
    long bestMatch = -1;
    for (long v : core.conf.voters()) {
      Progress p = progress.get(v);
      if (p != null && p.match > bestMatch && !isBeingRemoved(v)) {
        best = v;
        bestMatch = p.match;
      }
    }
    if (best != RaftCore.NONE) {
      transferTo(best);
    }
  }

  /** True while an uncommitted membership change removes {@code node}. */
  private boolean isBeingRemoved(long node) {
    if (pendingConfIndex <= core.confAppliedIndex || pendingConfIndex > log.lastIndex()) {
      return false;
    }
    Entry e = log.entry(pendingConfIndex);
    if (e.type() != Entry.Type.CONF_CHANGE) {
      return false;
    }
    ConfChange change = ConfChange.decode(e.data());
    return change.type() == ConfChange.Type.REMOVE && change.nodeId() == node;
  }

  void abortTransferTo(long node) {
    if (transferee == node) {
      transferee = RaftCore.NONE;
    }
  }

  // ---------------------------------------------------------------- output

  boolean hasPendingBroadcast() {
    return broadcastNew || broadcastCommit || readOnly.hasOpenRound();
  }

  /** Sends what accumulated since the last Ready in one message per follower (batching). */
  void flushBroadcast() {
    if (broadcastNew || broadcastCommit) {
      for (long peer : progress.keySet()) {
        boolean sent = false;
        while (maybeSendAppend(peer, false)) {
          sent = true;
        }
        if (!sent && broadcastCommit) {
          maybeSendAppend(peer, true); // nothing new: still tell the follower the commit index
        }
      }
      broadcastNew = false;
      broadcastCommit = false;
    }
    if (readOnly.hasOpenRound()) {
      broadcastHeartbeat(readOnly.closeRound());
    }
  }

  /** This node persisted its log further: it may now count itself toward a commit. */
  void onPersisted() {
    if (maybeCommit()) {
      afterCommit();
    }
  }

  private boolean maybeCommit() {
    long[] matches = core.conf.voters().stream()
        .mapToLong(v -> v == core.id ? log.persisted : (progress.containsKey(v) ? progress.get(v).match : 0))
        .toArray();
    if (matches.length == 0) {
      return false;
    }
    Arrays.sort(matches);
    long candidate = matches[matches.length - quorum()];
    // Raft §5.4.2: only entries of the current term are committed by counting replicas.
    if (candidate > log.committed && log.term(candidate) == core.term) {
      log.commitTo(candidate);
      return true;
    }
    return false;
  }

  private void afterCommit() {
    broadcastCommit = true;
    if (!readsAwaitingCommit.isEmpty() && log.term(log.committed) == core.term) {
      List<long[]> waiting = new ArrayList<>(readsAwaitingCommit);
      readsAwaitingCommit.clear();
      waiting.forEach(r -> readIndex(r[0], r[1]));
    }
  }

  void onConfChanged(ConfChange change) {
    long peer = change.nodeId();
    switch (change.type()) {
      case ADD_VOTER, ADD_LEARNER -> {
        if (peer != core.id && !progress.containsKey(peer)) {
          addProgress(peer);
          broadcastNew = true;
        }
      }
      case REMOVE -> {
        progress.remove(peer);
        if (peer == transferee) {
          transferee = RaftCore.NONE;
        }
        if (peer == core.id) {
          handOff();
        }
      }
    }
    if (maybeCommit()) {
      afterCommit();
    }
  }

  // ---------------------------------------------------------------- responses

  void step(RaftMessage m) {
    if (m instanceof AppendEntriesResponse r) {
      onAppendResponse(r);
    } else if (m instanceof HeartbeatResponse r) {
      onHeartbeatResponse(r);
    } else if (m instanceof InstallSnapshotResponse r) {
      onSnapshotResponse(r);
    } else if (m instanceof ReadIndexRequest r && core.conf.isMember(r.from())) {
      readIndex(r.from(), r.context());
    }
  }

  private void onAppendResponse(AppendEntriesResponse r) {
    Progress p = progress.get(r.from());
    if (p == null) {
      return;
    }
    p.recentActive = true;
    if (!r.success()) {
      long hint = r.hintTerm() > 0 ? log.findConflictByTerm(r.hintIndex(), r.hintTerm())[0] : r.hintIndex();
      if (p.maybeDecrTo(r.rejectedIndex(), hint)) {
        if (p.state == Progress.State.REPLICATE) {
          p.becomeProbe();
        }
        maybeSendAppend(r.from(), true);
      }
      return;
    }
    boolean wasPaused = p.isPaused();
    if (!p.maybeUpdate(r.matchIndex())) {
      return;
    }
    if (p.state == Progress.State.PROBE) {
      p.becomeReplicate();
    } else if (p.state == Progress.State.SNAPSHOT && p.match >= p.snapshotIndex) {
      p.becomeProbe();
      p.becomeReplicate();
    }
    if (maybeCommit()) {
      afterCommit();
    } else if (wasPaused) {
      maybeSendAppend(r.from(), false);
    }
    while (maybeSendAppend(r.from(), false)) {
      // pipelining: keep the window full while there is something to send
    }
    if (r.from() == transferee && p.match == log.lastIndex() && !isBeingRemoved(r.from())) {
      core.send(new TimeoutNow(core.id, r.from(), core.term));
    }
  }

  private void onHeartbeatResponse(HeartbeatResponse r) {
    Progress p = progress.get(r.from());
    if (p == null) {
      return;
    }
    p.recentActive = true;
    p.probeSent = false;
    if (p.state == Progress.State.SNAPSHOT) {
      sendSnapshotChunk(r.from(), p); // the last chunk or its answer may have been lost
    } else if (p.match < log.lastIndex()) {
      p.freeOneIfFull();
      maybeSendAppend(r.from(), true);
    }
    if (r.readContext() != 0) {
      for (ReadOnly.Request req : readOnly.ack(r.readContext(), r.from(), core.conf)) {
        release(req.from(), req.context(), req.index());
      }
    }
  }

  private void onSnapshotResponse(InstallSnapshotResponse r) {
    Progress p = progress.get(r.from());
    if (p == null) {
      return;
    }
    p.recentActive = true;
    if (p.state != Progress.State.SNAPSHOT || r.snapshotIndex() != p.snapshotIndex) {
      return;
    }
    if (r.installed()) {
      p.maybeUpdate(r.lastIndex());
      p.becomeProbe();
      maybeSendAppend(r.from(), true);
    } else {
      p.snapshotOffset = r.nextOffset();
      sendSnapshotChunk(r.from(), p);
    }
  }

  // ---------------------------------------------------------------- sending

  /** Sends the next AppendEntries to {@code to} if its window allows; false when nothing went out. */
  private boolean maybeSendAppend(long to, boolean sendIfEmpty) {
    Progress p = progress.get(to);
    if (p == null || p.isPaused()) {
      return false;
    }
    long prev = p.next - 1;
    long prevTerm = log.term(prev);
    if (prevTerm == RaftLog.UNKNOWN) {
      p.becomeSnapshot(core.snapshot.index());
      sendSnapshotChunk(to, p);
      return false;
    }
    List<Entry> entries = p.next <= log.lastIndex()
        ? log.slice(p.next, log.lastIndex() + 1, core.config.maxSizePerMsg())
        : List.of();
    if (entries.isEmpty() && !sendIfEmpty) {
      return false;
    }
    core.send(new AppendEntries(core.id, to, core.term, prev, prevTerm, entries, log.committed));
    if (!entries.isEmpty()) {
      p.sent(entries.get(entries.size() - 1).index());
    } else if (p.state == Progress.State.PROBE) {
      p.probeSent = true;
    }
    return !entries.isEmpty();
  }

  private void sendSnapshotChunk(long to, Progress p) {
    Snapshot snap = core.snapshot;
    if (p.snapshotIndex != snap.index()) {
      p.becomeSnapshot(snap.index()); // a newer snapshot replaced the one being sent
    }
    int length = snap.length();
    int off = (int) Math.min(p.snapshotOffset, length);
    int end = (int) Math.min((long) length, off + (long) core.config.snapshotChunkSize());
    core.send(new InstallSnapshot(core.id, to, core.term, snap.meta(), off, snap.read(off, end - off), end == length));
  }

  private void broadcastHeartbeat(long readContext) {
    for (Map.Entry<Long, Progress> e : progress.entrySet()) {
      long commit = Math.min(e.getValue().match, log.committed);
      core.send(new Heartbeat(core.id, e.getKey(), core.term, commit, readContext));
    }
  }

  /** The followers' progress, for status reports. */
  Map<Long, String> describeProgress() {
    TreeMap<Long, String> out = new TreeMap<>();
    progress.forEach((k, v) -> out.put(k, v.toString()));
    return out;
  }
}
