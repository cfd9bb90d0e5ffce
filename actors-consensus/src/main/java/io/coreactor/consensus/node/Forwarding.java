package io.coreactor.consensus.node;

import io.coreactor.consensus.node.RaftNode.Dropped;
import io.coreactor.consensus.node.RaftNode.ForwardedBatch;
import io.coreactor.consensus.node.RaftNode.ForwardedReply;
import io.coreactor.consensus.node.RaftNode.Forwarded;
import io.coreactor.consensus.raft.RaftCore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The proposals a follower forwards to its leader. Those that arrive in one round of the
 * node's mailbox leave as one {@link ForwardedBatch}, and the leader answers them by tag in
 * {@link RaftNode.ForwardedReplies} (one per applied batch of entries): one message each way
 * per round instead of two per request, each of which also carried and resolved a one-off
 * ask ref. Every forwarded request waits here for its answer until its deadline; when the
 * leader is lost, those sent to it are answered {@link RaftNode#LEADER_LOST} at once, since a
 * dead leader never answers.
 */
final class Forwarding {

  private record Waiting(long leader, ActorRef<RaftNode.ProposeReply> replyTo, long deadline) {}

  private static final Dropped TIMEOUT = new Dropped("timeout");

  private final long timeoutNanos;
  private final Map<Long, Waiting> waiting = new HashMap<>();
  private List<Forwarded> outbox = new ArrayList<>();
  private long outboxLeader = RaftCore.NONE;
  private long outboxFirstTag;
  private long nextTag;

  Forwarding(Duration timeout, long firstTag) {
    this.timeoutNanos = timeout.toNanos();
    // Replies from before a restart may still arrive: tags start elsewhere.
    this.nextTag = Math.max(1, firstTag);
  }

  /** The leader the queued requests go to, NONE when none are queued. */
  long outboxLeader() {
    return outbox.isEmpty() ? RaftCore.NONE : outboxLeader;
  }

  /**
   * Queues {@code request} for {@code leader}, which must be the leader of any already queued.
   * True when it is the first of a new batch: the caller then arranges for {@link #take}.
   */
  boolean add(long leader, Forwarded request) {
    boolean first = outbox.isEmpty();
    if (first) {
      outboxLeader = leader;
      outboxFirstTag = nextTag;
    } else if (leader != outboxLeader) {
      throw new IllegalStateException("queued for " + outboxLeader + ", not " + leader);
    }
    long tag = nextTag++;
    waiting.put(tag, new Waiting(leader, request.replyTo(), System.nanoTime() + timeoutNanos));
    outbox.add(request);
    return first;
  }

  /** The queued requests as one batch from {@code self}, or null when none are queued. */
  ForwardedBatch take(ActorRef<RaftNode.Command> self) {
    if (outbox.isEmpty()) {
      return null;
    }
    // The answers come back to this node by tag; the proposers' refs stay here.
    List<Forwarded> requests = new ArrayList<>(outbox.size());
    outbox.forEach(r -> requests.add(new Forwarded(r.data(), r.confChange(), null)));
    outbox = new ArrayList<>();
    return new ForwardedBatch(requests, outboxFirstTag, self);
  }

  /** Takes back the queued requests, which never left: they can go to another leader, or be parked. */
  List<Forwarded> reclaim() {
    for (int i = 0; i < outbox.size(); i++) {
      waiting.remove(outboxFirstTag + i);
    }
    List<Forwarded> unsent = outbox;
    outbox = new ArrayList<>();
    return unsent;
  }

  /** Hands each answer to its proposer; answers for requests already answered are ignored. */
  void answered(List<ForwardedReply> replies) {
    for (ForwardedReply r : replies) {
      Waiting w = waiting.remove(r.tag());
      if (w != null) {
        w.replyTo().tell(r.reply());
      }
    }
  }

  /** This node no longer follows {@code oldLeader}: what went to it gets LEADER_LOST now. */
  void leaderLost(long oldLeader) {
    Dropped lost = new Dropped(RaftNode.LEADER_LOST);
    waiting.values().removeIf(w -> {
      if (w.leader() != oldLeader) {
        return false;
      }
      w.replyTo().tell(lost);
      return true;
    });
  }

  /** Answers every request past its deadline with {@code Dropped("timeout")}. */
  void expire() {
    long now = System.nanoTime();
    waiting.values().removeIf(w -> {
      if (now - w.deadline() < 0) {
        return false;
      }
      w.replyTo().tell(TIMEOUT);
      return true;
    });
  }

  /** Answers everything still waiting: the node is stopping or restarting. */
  void dropAll(String reason) {
    Dropped dropped = new Dropped(reason);
    waiting.values().forEach(w -> w.replyTo().tell(dropped));
    waiting.clear();
    outbox = new ArrayList<>();
  }
}
