package io.coreactor.consensus.raft.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * What goes wrong, and the operator: nodes crash (losing a Ready being persisted) and come
 * back later from their disk; the network splits (one node off, two groups, a bridge, or
 * one-way cuts) and heals; a node removed from the cluster is shut down for good.
 */
final class SimFaults {

  private final Simulation sim;
  private final SimParams p;
  private final Random random;
  private final SimNetwork network;
  private final SafetyChecker checker;
  private final SimWorkload workload;
  private final SimStats stats;
  private final TreeMap<Long, Long> retireAt = new TreeMap<>();
  private final Map<Long, Long> removalIndex = new HashMap<>();
  private long healAt;

  SimFaults(Simulation sim, SimParams p, Random random, SimNetwork network, SafetyChecker checker,
            SimWorkload workload, SimStats stats) {
    this.sim = sim;
    this.p = p;
    this.random = random;
    this.network = network;
    this.checker = checker;
    this.workload = workload;
    this.stats = stats;
  }

  /** One step's worth of trouble, at the run's rates. */
  void inject(long now) {
    if (random.nextDouble() < p.crash()) {
      SimNode n = sim.randomUpNode();
      if (n != null) {
        if (n.hasPendingReady()) {
          stats.readiesLost++;
        }
        n.crash();
        crashed(n, now);
      }
    }
    if (network.partitioned() && now >= healAt) {
      sim.trace(() -> "network heals");
      network.healAll();
    } else if (!network.partitioned() && random.nextDouble() < p.partition()) {
      partition();
      healAt = now + 10 + random.nextInt(20 * p.electionTick());
      stats.partitions++;
      sim.trace(network::describeCuts);
    }
  }

  private void partition() {
    List<Long> ids = new ArrayList<>(sim.nodeIds());
    Collections.shuffle(ids, random);
    if (ids.size() < 2) {
      return;
    }
    switch (random.nextInt(4)) {
      case 0 -> network.split(ids.subList(0, 1), ids.subList(1, ids.size()));
      case 1 -> {
        int k = 1 + random.nextInt(ids.size() - 1);
        network.split(ids.subList(0, k), ids.subList(k, ids.size()));
      }
      case 2 -> network.split(ids.subList(0, 1), ids.subList(1, 2)); // a bridge: both still reach the rest
      default -> {
        for (int i = 0, cuts = 1 + random.nextInt(3); i < cuts; i++) {
          network.cutOneWay(ids.get(random.nextInt(ids.size())), ids.get(random.nextInt(ids.size())));
        }
      }
    }
  }

  /** A node just crashed: it restarts a while later; its clients lose track of their proposals. */
  void crashed(SimNode n, long now) {
    stats.crashes++;
    n.restartAt = now + 1 + random.nextInt(10 * p.electionTick());
    workload.forget(n.id);
  }

  /** Shuts down removed nodes that are due, restarts crashed ones (all of them at once unless {@code faults}). */
  void lifecycle(long now, boolean faults, Iterable<SimNode> nodes) {
    for (var it = retireAt.entrySet().iterator(); it.hasNext(); ) {
      var due = it.next();
      if (due.getValue() <= now && removalKnown(due.getKey())) {
        SimNode n = sim.node(due.getKey()); // before remove(): TreeMap reuses the removed entry
        it.remove();
        if (n.up()) {
          n.crash();
        }
        n.retired = true;
        sim.trace(() -> "node " + n.id + " is shut down: it was removed from the cluster");
      }
    }
    for (SimNode n : nodes) {
      if (!n.up() && !n.retired && (n.restartAt <= now || !faults)) {
        n.start(random.nextLong());
        workload.forget(n.id);
      }
    }
  }

  /**
   * The operator shuts a removed node down a little after its removal committed at
   * {@code index}, once a quorum of the remaining voters applied it: a configuration takes
   * effect when committed, so a voter that has not heard of the commit still counts the
   * removed node, and without a quorum that knows, the cluster may still need its vote. (Not
   * waiting for all: a removed node that does not know it was removed disrupts elections
   * when pre-vote and check-quorum are off, which can keep a lagging member from catching up.)
   */
  void retireLater(long id, long index, long now) {
    SimNode n = sim.node(id);
    if (n != null && !n.retired && !retireAt.containsKey(id)) {
      retireAt.put(id, now + random.nextInt(5 * p.electionTick()));
      removalIndex.put(id, index);
    }
  }

  boolean retiring(long id) {
    return retireAt.containsKey(id);
  }

  /** A quorum of the new configuration's voters applied the removal: the cluster can go on without the node. */
  private boolean removalKnown(long id) {
    long index = removalIndex.get(id);
    var voters = checker.confAt(index).voters();
    int known = 0;
    for (long v : voters) {
      SimNode n = sim.node(v);
      if (n != null && n.up() && n.stateMachine().appliedIndex() >= index) {
        known++;
      }
    }
    return known >= voters.size() / 2 + 1;
  }
}
