package io.coreactor.consensus.raft;

import io.coreactor.consensus.raft.RaftMessage.AppendEntries;
import io.coreactor.consensus.raft.RaftMessage.AppendEntriesResponse;
import io.coreactor.consensus.raft.RaftMessage.Heartbeat;
import io.coreactor.consensus.raft.RaftMessage.HeartbeatResponse;
import io.coreactor.consensus.raft.RaftMessage.InstallSnapshot;
import io.coreactor.consensus.raft.RaftMessage.ReadIndexResponse;
import io.coreactor.consensus.raft.RaftMessage.TimeoutNow;

/**
 * The follower role of a {@link RaftCore}: Figure 2's AppendEntries receiver rules with a
 * conflict hint for fast backtracking, heartbeats, snapshot chunks, TimeoutNow and the
 * leader's answers to forwarded reads.
 */
final class Follower {

  private final RaftCore core;
  private final SnapshotReceiver snapshotReceiver;

  Follower(RaftCore core) {
    this.core = core;
    this.snapshotReceiver = new SnapshotReceiver(core);
  }

  /** A message in the follower role, already checked to be of the current term. */
  void step(RaftMessage m) {
    if (m instanceof AppendEntries || m instanceof Heartbeat || m instanceof InstallSnapshot) {
      core.electionElapsed = 0;
      core.lead = m.from();
    }
    if (m instanceof AppendEntries ae) {
      handleAppend(ae);
    } else if (m instanceof Heartbeat hb) {
      handleHeartbeat(hb);
    } else if (m instanceof InstallSnapshot is) {
      snapshotReceiver.receive(is);
    } else if (m instanceof TimeoutNow && core.promotable()) {
      core.startTransferElection();
    } else if (m instanceof ReadIndexResponse r && r.index() >= 0) {
      core.readStates.add(new ReadState(r.index(), r.context()));
    }
  }

  private void handleAppend(AppendEntries m) {
    if (m.prevLogIndex() < core.log.committed) {
      core.send(new AppendEntriesResponse(core.id, m.from(), core.term, true, core.log.committed, 0, 0, 0));
      return;
    }
    if (core.log.matchTerm(m.prevLogIndex(), m.prevLogTerm())) {
      core.log.appendFromLeader(m.entries());
      long lastNew = m.prevLogIndex() + m.entries().size();
      core.log.commitTo(Math.min(m.leaderCommit(), lastNew));
      core.send(new AppendEntriesResponse(core.id, m.from(), core.term, true, lastNew, 0, 0, 0));
      return;
    }
    long[] hint = core.log.findConflictByTerm(Math.min(m.prevLogIndex(), core.log.lastIndex()), m.prevLogTerm());
    core.send(new AppendEntriesResponse(core.id, m.from(), core.term, false, 0, m.prevLogIndex(), hint[0], hint[1]));
  }

  private void handleHeartbeat(Heartbeat m) {
    core.log.commitTo(Math.min(m.commit(), core.log.lastIndex()));
    core.send(new HeartbeatResponse(core.id, m.from(), core.term, m.readContext()));
  }
}
