package io.coreactor.consensus.raft;

import io.coreactor.consensus.raft.RaftMessage.AppendEntries;
import io.coreactor.consensus.raft.RaftMessage.Heartbeat;
import io.coreactor.consensus.raft.RaftMessage.InstallSnapshot;
import io.coreactor.consensus.raft.RaftMessage.RequestVote;
import io.coreactor.consensus.raft.RaftMessage.RequestVoteResponse;
import java.util.TreeMap;

/**
 * Elections: the pre-candidate and candidate roles of a {@link RaftCore}, and the voter's
 * side of RequestVote (Raft §5.2, §5.4.1, thesis §9.6 pre-vote). Only voters' answers count.
 */
final class Election {

  private final RaftCore core;
  private final TreeMap<Long, Boolean> votes = new TreeMap<>();

  Election(RaftCore core) {
    this.core = core;
  }

  /** Campaigns: a pre-vote round that changes no term, or a real election in the next term. */
  void start(boolean preVote, boolean transfer) {
    long voteTerm;
    if (preVote) {
      // A pre-candidate keeps its term and vote: it only asks whether it could win.
      long keepTerm = core.term;
      core.reset(core.term);
      core.term = keepTerm;
      core.role = Role.PRE_CANDIDATE;
      voteTerm = core.term + 1;
    } else {
      core.reset(core.term + 1);
      core.vote = core.id;
      core.role = Role.CANDIDATE;
      voteTerm = core.term;
    }
    if (recordVote(core.id, true, preVote)) {
      return;
    }
    for (long peer : core.conf.voters()) {
      if (peer != core.id) {
        core.send(new RequestVote(core.id, peer, voteTerm, core.log.lastIndex(), core.log.lastTerm(),
            preVote, transfer));
      }
    }
  }

  /** Counts a vote; on a decided outcome acts on it and returns true. */
  private boolean recordVote(long from, boolean granted, boolean preVote) {
    votes.putIfAbsent(from, granted);
    return tally(preVote);
  }

  /**
   * Decides the election if the votes allow. Only the votes of the configuration in force
   * now count: a vote cast under an older one (the candidate's own, after it applied its own
   * removal) must not.
   */
  private boolean tally(boolean preVote) {
    int quorum = core.conf.voters().size() / 2 + 1;
    long yes = votes.entrySet().stream().filter(e -> core.conf.isVoter(e.getKey()) && e.getValue()).count();
    long no = votes.entrySet().stream().filter(e -> core.conf.isVoter(e.getKey()) && !e.getValue()).count();
    if (yes >= quorum) {
      if (preVote) {
        start(false, false);
      } else {
        core.becomeLeader();
      }
      return true;
    }
    if (no >= quorum) {
      core.becomeFollower(core.term, RaftCore.NONE);
      return true;
    }
    return false;
  }

  void handleVoteRequest(RequestVote m) {
    boolean canVote = core.vote == m.from()
        || (core.vote == RaftCore.NONE && core.lead == RaftCore.NONE)
        || (m.preVote() && m.term() > core.term);
    if (canVote && core.log.isUpToDate(m.lastLogIndex(), m.lastLogTerm())) {
      // A granted pre-vote answers in the candidate's future term so it does not step down.
      long answerTerm = m.preVote() ? m.term() : core.term;
      core.send(voteResponse(m.from(), answerTerm, true, m.preVote()));
      if (!m.preVote()) {
        core.electionElapsed = 0;
        core.vote = m.from();
      } else if (core.role == Role.PRE_CANDIDATE && m.from() > core.id) {
        // Two pre-candidates that time out together grant each other's pre-vote, then split
        // the real vote and wait a whole election timeout more. The lower id yields instead.
        core.becomeFollower(core.term, RaftCore.NONE);
      }
    } else {
      core.send(voteResponse(m.from(), core.term, false, m.preVote()));
    }
  }

  /**
   * A message in the (pre-)candidate role; returns false when it comes from this term's
   * leader and must be handled as a follower instead.
   */
  boolean step(RaftMessage m) {
    if (m instanceof AppendEntries || m instanceof Heartbeat || m instanceof InstallSnapshot) {
      return false;
    }
    if (m instanceof RequestVoteResponse r && (core.role == Role.PRE_CANDIDATE) == r.preVote()) {
      recordVote(r.from(), r.granted(), r.preVote());
    }
    return true;
  }

  /**
   * The configuration changed during this campaign: a candidate that is no longer a voter
   * gives up; one that still is may now have enough votes, or lack them.
   */
  void onConfChanged() {
    if (!core.promotable()) {
      core.becomeFollower(core.term, RaftCore.NONE);
    } else {
      tally(core.role == Role.PRE_CANDIDATE);
    }
  }

  /** A vote answer, carrying this node's commit point (see {@link RequestVoteResponse}). */
  RequestVoteResponse voteResponse(long to, long answerTerm, boolean granted, boolean preVote) {
    return new RequestVoteResponse(core.id, to, answerTerm, granted, preVote, core.log.committed, core.log.term(core.log.committed));
  }

  void clearVotes() {
    votes.clear();
  }
}
