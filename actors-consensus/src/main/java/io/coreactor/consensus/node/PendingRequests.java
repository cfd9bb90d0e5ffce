package io.coreactor.consensus.node;

import io.coreactor.consensus.node.RaftNode.Dropped;
import io.coreactor.consensus.node.RaftNode.Forwarded;
import io.coreactor.consensus.node.RaftNode.LeadershipTransferred;
import io.coreactor.consensus.node.RaftNode.ProposeReply;
import io.coreactor.consensus.node.RaftNode.ReadReady;
import io.coreactor.consensus.node.RaftNode.ReadReply;
import io.coreactor.consensus.node.RaftNode.TransferReply;
import io.coreactor.consensus.raft.Entry;
import io.coreactor.consensus.raft.ReadState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongPredicate;
import java.util.function.Predicate;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The requests a RaftNode holds until Raft answers them: accepted proposals waiting to be
 * applied, requests parked until a leader is known, reads waiting for their read index and
 * for the state machine to reach it, leadership transfers. Each has a deadline after which
 * it is answered {@code Dropped("timeout")}, so no caller waits forever. Requests forwarded
 * to the leader wait in {@link Forwarding}.
 */
final class PendingRequests {

  private record Proposal(long term, ReplyTo replyTo, long deadline) {}

  private record Parked(Forwarded request, long deadline) {}

  private record ReadWaiter(ActorRef<ReadReply> replyTo, long deadline) {}

  private record ReadBatch(List<ReadWaiter> waiters, long requestedAt) {}

  private record GrantedRead(long index, ReadWaiter waiter) {}

  private record Transfer(long to, ActorRef<TransferReply> replyTo, long deadline) {}

  private static final Dropped TIMEOUT = new Dropped("timeout");

  private final long timeoutNanos;
  private final TreeMap<Long, Proposal> proposals = new TreeMap<>();
  private final List<Parked> parked = new ArrayList<>();
  private List<ReadWaiter> unrequestedReads = new ArrayList<>();
  private final Map<Long, ReadBatch> requestedReads = new HashMap<>();
  private final List<GrantedRead> grantedReads = new ArrayList<>();
  private final List<Transfer> transfers = new ArrayList<>();
  private long nextReadContext;

  PendingRequests(Duration timeout, long firstReadContext) {
    this.timeoutNanos = timeout.toNanos();
    // Contexts from before a restart may still come back from the leader: start elsewhere.
    this.nextReadContext = Math.max(1, firstReadContext);
  }

  private long deadline() {
    return System.nanoTime() + timeoutNanos;
  }

  void addProposal(long index, long term, ReplyTo replyTo) {
    Proposal old = proposals.put(index, new Proposal(term, replyTo, deadline()));
    if (old != null) {
      old.replyTo().tell(new Dropped("lost: index " + index + " was proposed again"));
    }
  }

  /** Removes and returns the proposers waiting for the given committed entries, for the Applier. */
  Map<Long, Applier.Waiter> takeProposals(List<Entry> committed) {
    Map<Long, Applier.Waiter> waiters = new HashMap<>();
    if (proposals.isEmpty() || committed.isEmpty()) {
      return waiters;
    }
    long last = committed.get(committed.size() - 1).index();
    Map<Long, Proposal> done = proposals.headMap(last, true);
    done.forEach((index, p) -> waiters.put(index, new Applier.Waiter(p.term(), p.replyTo())));
    done.clear();
    return waiters;
  }

  /** Answers every proposal at or below {@code index}: a snapshot replaced those entries. */
  void dropProposalsThrough(long index, String reason) {
    Map<Long, Proposal> gone = proposals.headMap(index, true);
    gone.values().forEach(p -> p.replyTo().tell(new Dropped(reason)));
    gone.clear();
  }

  void park(Forwarded request) {
    parked.add(new Parked(request, deadline()));
  }

  /** Offers each parked request to {@code route}; those it takes (true) are no longer parked. */
  void routeParked(Predicate<Forwarded> route) {
    parked.removeIf(p -> route.test(p.request()));
  }

  boolean hasParked() {
    return !parked.isEmpty();
  }

  void addRead(ActorRef<ReadReply> replyTo) {
    unrequestedReads.add(new ReadWaiter(replyTo, deadline()));
  }

  /**
   * Asks for one read index covering every read not asked for yet (reads are batched, as in
   * etcd), and asks again for batches unanswered for {@code retryAfter}: the request or its
   * answer may have been lost with a leader. {@code readIndex} is the core's: false when no
   * leader is known, then the reads wait for the next call.
   */
  void requestReads(LongPredicate readIndex, Duration retryAfter) {
    long now = System.nanoTime();
    requestedReads.values().removeIf(batch -> {
      boolean stale = now - batch.requestedAt() > retryAfter.toNanos();
      if (stale) {
        unrequestedReads.addAll(batch.waiters());
      }
      return stale;
    });
    if (unrequestedReads.isEmpty()) {
      return;
    }
    long context = nextReadContext++;
    if (readIndex.test(context)) {
      requestedReads.put(context, new ReadBatch(unrequestedReads, now));
      unrequestedReads = new ArrayList<>();
    }
  }

  /** The leader answered some read indexes; reads are released once {@code applied} reaches theirs. */
  void grantReads(List<ReadState> readStates, long applied) {
    for (ReadState state : readStates) {
      ReadBatch batch = requestedReads.remove(state.context());
      if (batch != null) {
        batch.waiters().forEach(w -> grantedReads.add(new GrantedRead(state.index(), w)));
      }
    }
    releaseReads(applied);
  }

  void releaseReads(long applied) {
    for (Iterator<GrantedRead> it = grantedReads.iterator(); it.hasNext(); ) {
      GrantedRead read = it.next();
      if (read.index() <= applied) {
        read.waiter().replyTo().tell(new ReadReady(read.index()));
        it.remove();
      }
    }
  }

  void addTransfer(long to, ActorRef<TransferReply> replyTo) {
    transfers.add(new Transfer(to, replyTo, deadline()));
  }

  /** A new leader is known: transfers towards it are done, others have failed. */
  void leaderChanged(long leader) {
    for (Iterator<Transfer> it = transfers.iterator(); it.hasNext(); ) {
      Transfer t = it.next();
      if (t.to() == leader) {
        t.replyTo().tell(new LeadershipTransferred(leader));
        it.remove();
      } else if (leader != 0) {
        t.replyTo().tell(new Dropped("leadership went to " + leader + " instead of " + t.to()));
        it.remove();
      }
    }
  }

  /** Answers everything past its deadline with {@code Dropped("timeout")}. */
  void expire() {
    long now = System.nanoTime();
    proposals.values().removeIf(p -> {
      boolean expired = now - p.deadline() >= 0;
      if (expired) {
        p.replyTo().tell(TIMEOUT);
      }
      return expired;
    });
    parked.removeIf(p -> expired(now, p.deadline(), p.request().replyTo()));
    unrequestedReads.removeIf(r -> expired(now, r.deadline(), r.replyTo()));
    requestedReads.values().forEach(b -> b.waiters().removeIf(r -> expired(now, r.deadline(), r.replyTo())));
    requestedReads.values().removeIf(b -> b.waiters().isEmpty());
    grantedReads.removeIf(g -> expired(now, g.waiter().deadline(), g.waiter().replyTo()));
    transfers.removeIf(t -> expired(now, t.deadline(), t.replyTo()));
  }

  private static boolean expired(long now, long deadline, ActorRef<? super Dropped> replyTo) {
    if (now - deadline < 0) {
      return false;
    }
    replyTo.tell(TIMEOUT);
    return true;
  }

  /** Answers everything still waiting: the node is stopping or restarting. */
  void dropAll(String reason) {
    Dropped dropped = new Dropped(reason);
    proposals.values().forEach(p -> p.replyTo().tell(dropped));
    parked.forEach(p -> p.request().replyTo().tell(dropped));
    unrequestedReads.forEach(r -> r.replyTo().tell(dropped));
    requestedReads.values().forEach(b -> b.waiters().forEach(r -> r.replyTo().tell(dropped)));
    grantedReads.forEach(g -> g.waiter().replyTo().tell(dropped));
    transfers.forEach(t -> t.replyTo().tell(dropped));
    proposals.clear();
    parked.clear();
    unrequestedReads.clear();
    requestedReads.clear();
    grantedReads.clear();
    transfers.clear();
  }
}
