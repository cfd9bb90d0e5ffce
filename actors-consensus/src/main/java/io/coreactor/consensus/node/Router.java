package io.coreactor.consensus.node;

import io.coreactor.consensus.node.RaftNode.Dropped;
import io.coreactor.consensus.node.RaftNode.Forwarded;
import io.coreactor.consensus.node.RaftNode.ForwardedBatch;
import io.coreactor.consensus.node.RaftNode.ForwardedReplies;
import io.coreactor.consensus.node.RaftNode.NotLeader;
import io.coreactor.consensus.node.RaftNode.ProposeReply;
import io.coreactor.consensus.raft.ConfChange;
import io.coreactor.consensus.raft.ProposeResult;
import io.coreactor.consensus.raft.RaftCore;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Where a RaftNode's proposals go: into the core when it leads; otherwise queued for the
 * leader in {@link Forwarding} and sent as one batch per round of the node's mailbox; parked
 * in {@link PendingRequests} while no leader can be addressed. It also proposes the batches
 * other members forward here, answering them through {@link ReplyTo}.
 */
final class Router {

  private final RaftCore core;
  private final Peers peers;
  private final PendingRequests pending;
  private final Forwarding forwarding;
  private final ActorRef<RaftNode.Command> self;

  Router(RaftCore core, Peers peers, PendingRequests pending, Forwarding forwarding, ActorRef<RaftNode.Command> self) {
    this.core = core;
    this.peers = peers;
    this.pending = pending;
    this.forwarding = forwarding;
    this.self = self;
  }

  /**
   * Proposes when leading, queues for the leader when allowed to forward, answers NotLeader for
   * a request that was already forwarded. False when the leader (or its address) is unknown.
   */
  boolean route(Forwarded request, boolean mayForward) {
    long leader = core.leader();
    if (leader == core.id()) {
      ProposeReply refused = propose(request.data(), request.confChange(), new ReplyTo.Direct(request.replyTo()));
      if (refused != null) {
        request.replyTo().tell(refused);
      }
    } else if (!mayForward) {
      request.replyTo().tell(new NotLeader(leader));
    } else if (leader != RaftCore.NONE && peers.ref(leader).isPresent()) {
      if (forwarding.outboxLeader() != RaftCore.NONE && forwarding.outboxLeader() != leader) {
        flush();   // queued for a leader of a moment ago
      }
      if (forwarding.add(leader, request)) {
        self.tell(RaftNode.FlushForwards.INSTANCE);   // after what is in the mailbox now
      }
    } else {
      return false;
    }
    return true;
  }

  /** Proposes a batch a follower forwarded; what is refused is answered in one message. */
  void propose(ForwardedBatch batch) {
    ReplyTo.Batch refusals = new ReplyTo.Batch();
    for (int i = 0; i < batch.requests().size(); i++) {
      Forwarded request = batch.requests().get(i);
      ReplyTo replyTo = new ReplyTo.Follower(batch.follower(), batch.firstTag() + i);
      ProposeReply refused = core.leader() == core.id()
          ? propose(request.data(), request.confChange(), replyTo)
          : new NotLeader(core.leader());
      if (refused != null) {
        refusals.add(replyTo, refused);
      }
    }
    refusals.send();
  }

  /** Sends the queued requests to their leader; parks them, unsent, when it cannot be addressed. */
  void flush() {
    long leader = forwarding.outboxLeader();
    if (leader == RaftCore.NONE) {
      return;
    }
    Optional<ActorRef<RaftNode.Command>> ref = peers.ref(leader);
    if (ref.isPresent()) {
      ref.get().tell(forwarding.take(self));
    } else {
      forwarding.reclaim().forEach(pending::park);
    }
  }

  void answered(ForwardedReplies replies) {
    forwarding.answered(replies.replies());
  }

  /** This node no longer follows {@code oldLeader}. */
  void leaderLost(long oldLeader) {
    // Queued but not sent: certainly not proposed, so they wait for the next leader instead.
    forwarding.reclaim().forEach(pending::park);
    forwarding.leaderLost(oldLeader);
  }

  void expire() {
    forwarding.expire();
  }

  void dropAll(String reason) {
    forwarding.dropAll(reason);
  }

  /** Proposes {@code data} as leader; null once accepted, else the answer that refuses it. */
  private ProposeReply propose(byte[] data, boolean confChange, ReplyTo replyTo) {
    ProposeResult result;
    try {
      result = confChange ? core.proposeConfChange(ConfChange.decode(data)) : core.propose(data);
    } catch (IllegalArgumentException e) {
      return new Dropped("invalid request: " + e.getMessage());
    }
    if (result.accepted()) {
      pending.addProposal(result.index(), result.term(), replyTo);
      return null;
    } else if (result.leaderHint() != RaftCore.NONE && result.leaderHint() != core.id()) {
      return new NotLeader(result.leaderHint());
    } else {
      return new Dropped(result.reason());
    }
  }
}
