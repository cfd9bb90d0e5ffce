package io.coreactor.consensus.raft.sim;

import io.coreactor.consensus.raft.RaftMessage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * The simulated network: every message gets a random delay in steps (so messages reorder),
 * and may be dropped, duplicated, or held back far longer than an election timeout. Links
 * can be cut one way or both ways; a cut link drops what arrives on it, including messages
 * already in flight when it was cut.
 */
final class SimNetwork {

  private record InFlight(long deliverAt, long seq, RaftMessage message) {}

  private final Random random;
  private final SimParams params;
  private final PriorityQueue<InFlight> queue =
      new PriorityQueue<>(Comparator.comparingLong(InFlight::deliverAt).thenComparingLong(InFlight::seq));
  /** Cut directed links, encoded as {@code from << 32 | to}. Sorted for a deterministic description. */
  private final TreeSet<Long> cut = new TreeSet<>();
  private boolean reliable;
  private long seq;
  private long sent;
  private long dropped;
  private long duplicated;

  SimNetwork(Random random, SimParams params) {
    this.random = random;
    this.params = params;
  }

  void send(RaftMessage m, long now) {
    sent++;
    if (!reliable && random.nextDouble() < params.drop()) {
      dropped++;
      return;
    }
    enqueue(m, now);
    if (!reliable && random.nextDouble() < params.duplicate()) {
      duplicated++;
      enqueue(m, now);
    }
  }

  private void enqueue(RaftMessage m, long now) {
    long delay = reliable ? 1 : 1 + random.nextInt(params.maxDelay());
    if (!reliable && random.nextDouble() < params.longDelay()) {
      delay += params.electionTick() + random.nextInt(2 * params.electionTick());
    }
    queue.add(new InFlight(now + delay, seq++, m));
  }

  /** The messages due at {@code now} whose link is not cut, in delivery order. */
  List<RaftMessage> due(long now) {
    List<RaftMessage> out = new ArrayList<>();
    while (!queue.isEmpty() && queue.peek().deliverAt() <= now) {
      RaftMessage m = queue.poll().message();
      if (isCut(m.from(), m.to())) {
        dropped++;
      } else {
        out.add(m);
      }
    }
    return out;
  }

  boolean isCut(long from, long to) {
    return !cut.isEmpty() && cut.contains(from << 32 | to);
  }

  void cutOneWay(long from, long to) {
    cut.add(from << 32 | to);
  }

  /** Cuts every link between the two groups, both ways. */
  void split(Collection<Long> a, Collection<Long> b) {
    for (long x : a) {
      for (long y : b) {
        if (x != y) {
          cutOneWay(x, y);
          cutOneWay(y, x);
        }
      }
    }
  }

  void healAll() {
    cut.clear();
  }

  boolean partitioned() {
    return !cut.isEmpty();
  }

  /**
   * From now on the network is healthy: nothing is dropped, duplicated or held back, every
   * message takes one step (what is already in flight still arrives late), so that a round
   * trip is well below an election timeout, as Raft's liveness needs.
   */
  void makeReliable() {
    reliable = true;
  }

  int inFlight() {
    return queue.size();
  }

  long sent() {
    return sent;
  }

  long dropped() {
    return dropped;
  }

  long duplicated() {
    return duplicated;
  }

  String describeCuts() {
    if (cut.isEmpty()) {
      return "no cuts";
    }
    Set<String> links = new TreeSet<>();
    for (long c : cut) {
      links.add((c >>> 32) + "->" + (c & 0xFFFFFFFFL));
    }
    return "cut " + links;
  }
}
