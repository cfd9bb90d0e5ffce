package io.coreactor.consensus.raft;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A leader's pending ReadIndex requests (Raft thesis §6.4). Each request records the commit
 * index when it arrived and the heartbeat round started for it; once a quorum of voters
 * answers that round (or any later one), the leader was still leader when the request
 * arrived, and every request up to it may be served at its recorded index.
 */
final class ReadOnly {

  /** One read: who asked (this node or a follower), their context, the read index, the round. */
  record Request(long from, long context, long index, long round) {}

  private final LinkedHashMap<Long, Set<Long>> acksByRound = new LinkedHashMap<>();
  private final List<Request> pending = new ArrayList<>();
  private long lastRound;
  /** The latest round has reads but its heartbeats have not gone out: more reads may join it. */
  private boolean open;

  /** Queues a read at {@code index}; returns the heartbeat round that must confirm it. */
  long add(long from, long context, long index, long self) {
    if (!open) {
      lastRound++;
      Set<Long> acks = new HashSet<>();
      acks.add(self);
      acksByRound.put(lastRound, acks);
      open = true;
    }
    pending.add(new Request(from, context, index, lastRound));
    return lastRound;
  }

  boolean hasOpenRound() {
    return open;
  }

  /** The open round's heartbeats are going out now; returns its number. */
  long closeRound() {
    open = false;
    return lastRound;
  }

  /** The round a periodic heartbeat should carry, 0 when no read is waiting. */
  long latestRound() {
    return pending.isEmpty() ? 0 : lastRound;
  }

  /**
   * Records that {@code from} answered heartbeat {@code round}. Returns the requests now
   * confirmed by a quorum, oldest first.
   */
  List<Request> ack(long round, long from, ConfState conf) {
    Set<Long> acks = acksByRound.get(round);
    if (acks == null) {
      return List.of();
    }
    acks.add(from);
    long votes = acks.stream().filter(conf::isVoter).count();
    if (votes < conf.voters().size() / 2 + 1) {
      return List.of();
    }
    List<Request> released = new ArrayList<>();
    Iterator<Request> it = pending.iterator();
    while (it.hasNext()) {
      Request r = it.next();
      if (r.round() > round) {
        break;
      }
      released.add(r);
      it.remove();
    }
    acksByRound.keySet().removeIf(k -> k <= round);
    return released;
  }

  void clear() {
    pending.clear();
    acksByRound.clear();
    open = false;
  }

  boolean isEmpty() {
    return pending.isEmpty();
  }
}
