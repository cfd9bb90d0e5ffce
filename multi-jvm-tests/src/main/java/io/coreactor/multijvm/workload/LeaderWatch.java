package io.coreactor.multijvm.workload;

import io.coreactor.multijvm.ClusterNode;
import io.coreactor.multijvm.EtcdClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Watches who leads: a background thread polls every running, unpaused node's status and
 * records each new (leader, term) it sees; {@link #awaitNewLeader} measures how long a fault
 * that removed the leader left the cluster without one.
 */
public final class LeaderWatch implements AutoCloseable {

  /** A leader as one poll saw it: the highest-term node that says it leads. */
  public record Leader(String node, long term, long seenAt) {}

  /** The time from a fault that removed the leader to the first poll that saw a newer one. */
  public record Election(String fault, String oldLeader, String newLeader, Duration took) {}

  private static final Duration PROBE_TIMEOUT = Duration.ofMillis(400);

  private final Supplier<List<ClusterNode>> nodes;
  private final List<Leader> timeline = new CopyOnWriteArrayList<>();
  private final List<Election> elections = new CopyOnWriteArrayList<>();
  private final Thread poller;
  private volatile boolean closed;

  public LeaderWatch(Supplier<List<ClusterNode>> nodes) {
    this.nodes = nodes;
    this.poller = new Thread(this::pollLoop, "leader-watch");
    poller.setDaemon(true);
  }

  public LeaderWatch start() {
    probe().ifPresent(this::record);
    poller.start();
    return this;
  }

  /** The leader now: the running, unpaused node reporting itself leader with the highest term. */
  public Optional<Leader> probe() {
    Leader best = null;
    for (ClusterNode n : nodes.get()) {
      if (!n.isRunning() || n.isPaused()) {
        continue;
      }
      try {
        EtcdClient.Status s = n.client().withTimeout(PROBE_TIMEOUT).status();
        if (s.isLeader() && (best == null || s.raftTerm() > best.term())) {
          best = new Leader(n.name(), s.raftTerm(), System.nanoTime());
        }
      } catch (RuntimeException e) {
        // down, stopping or too slow to answer: not a leader we can count on
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * Polls until a leader with a term above {@code oldTerm} appears, records how long that took
   * since {@code faultAt} (System.nanoTime) and returns it.
   *
   * @throws AssertionError when none appears within {@code timeout}
   */
  public Election awaitNewLeader(String fault, String oldLeader, long oldTerm, long faultAt, Duration timeout) {
    long deadline = faultAt + timeout.toNanos();
    while (true) {
      Optional<Leader> l = probe();
      if (l.isPresent() && l.get().term() > oldTerm) {
        record(l.get());
        Election e = new Election(fault, oldLeader, l.get().node(), Duration.ofNanos(l.get().seenAt() - faultAt));
        elections.add(e);
        return e;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no leader with a term above " + oldTerm + " within " + timeout + " of " + fault);
      }
      Pause.briefly(20);
    }
  }

  /** Every (leader, term) seen, in order. */
  public List<Leader> timeline() {
    return List.copyOf(timeline);
  }

  /** How many times the observed leader or term changed after the first leader seen. */
  public int leaderChanges() {
    return Math.max(0, timeline.size() - 1);
  }

  public List<Election> elections() {
    return List.copyOf(elections);
  }

  private synchronized void record(Leader l) {
    if (timeline.isEmpty()) {
      timeline.add(l);
      return;
    }
    Leader last = timeline.get(timeline.size() - 1);
    if (l.term() > last.term() || (l.term() == last.term() && !l.node().equals(last.node()))) {
      timeline.add(l);
    }
  }

  private void pollLoop() {
    while (!closed) {
      probe().ifPresent(this::record);
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    poller.interrupt();
    try {
      poller.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Formats the timeline for a report: "n1@2 n3@3 ...". */
  public String describeTimeline() {
    List<String> parts = new ArrayList<>();
    for (Leader l : timeline) {
      parts.add(l.node() + "@" + l.term());
    }
    return String.join(" ", parts);
  }
}
