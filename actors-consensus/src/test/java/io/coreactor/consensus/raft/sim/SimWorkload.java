package io.coreactor.consensus.raft.sim;

import io.coreactor.consensus.raft.ConfChange;
import io.coreactor.consensus.raft.ConfState;
import io.coreactor.consensus.raft.Entry;
import io.coreactor.consensus.raft.ProposeResult;
import io.coreactor.consensus.raft.ReadState;
import io.coreactor.consensus.raft.Role;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * The clients and the operator: unique payloads proposed to whoever leads, acknowledged when
 * the proposing node applies the entry at the accepted index with the accepted term;
 * ReadIndex reads; membership changes (add a learner, promote it, remove a voter or learner,
 * the leader included); leadership transfers; forced campaigns; periodic snapshots.
 */
final class SimWorkload implements SimNode.Listener {

  private record Proposal(long term, long payload, int incarnation) {}

  private final Simulation sim;
  private final Random random;
  private final SafetyChecker checker;
  private final SimStats stats;
  private long nextPayload = 1;
  private long nextContext = 1;
  private long lastConfChangeIndex;
  /** Per node: accepted proposals awaiting their outcome, by index. */
  private final Map<Long, TreeMap<Long, Proposal>> waiting = new HashMap<>();
  /** Acknowledged payloads by index, and the index of each acknowledged payload. */
  private final TreeMap<Long, Long> acknowledged = new TreeMap<>();
  private final Map<Long, Long> acknowledgedAt = new HashMap<>();
  private final Set<Long> confChangesSeen = new HashSet<>();
  /** Every node any applied configuration ever named: never offered as a fresh joiner. */
  private final Set<Long> everMember = new HashSet<>();

  SimWorkload(Simulation sim, Random random, SafetyChecker checker, SimStats stats, ConfState initial) {
    this.sim = sim;
    this.random = random;
    this.checker = checker;
    this.stats = stats;
    everMember.addAll(initial.members());
  }

  /** One step of client and operator activity, at the rates of the run's parameters. */
  void act(SimParams p) {
    if (random.nextDouble() < p.propose()) {
      SimNode n = sim.randomUpNode();
      if (n != null && (n.isLeader() || random.nextInt(10) == 0)) {
        propose(n, p.maxPadding());
      }
    }
    if (random.nextDouble() < p.read()) {
      read(sim.randomUpNode());
    }
    if (random.nextDouble() < p.snapshot()) {
      takeSnapshot(sim.randomUpNode());
    }
    if (random.nextDouble() < p.campaign()) {
      campaign(sim.randomUpNode());
    }
    SimNode leader = sim.randomLeader();
    if (leader == null) {
      return;
    }
    if (random.nextDouble() < p.confChange()) {
      changeMembership(leader);
    }
    if (random.nextDouble() < p.transfer()) {
      List<Long> voters = new ArrayList<>(leader.core().confState().voters());
      voters.remove(leader.id);
      if (!voters.isEmpty()) {
        long to = voters.get(random.nextInt(voters.size()));
        sim.trace(() -> "client asks leader " + leader.id + " to transfer to " + to);
        leader.core().transferLeadership(to);
        leader.observe();
        stats.transfers++;
      }
    }
  }

  /** Proposes a fresh payload on {@code n}; returns its id when accepted, else 0. */
  long propose(SimNode n, int maxPadding) {
    long payload = nextPayload++;
    byte[] data = ByteBuffer.allocate(8 + (maxPadding == 0 ? 0 : random.nextInt(maxPadding + 1)))
        .putLong(payload).array();
    Role role = n.core().role();
    ProposeResult r = n.core().propose(data);
    n.observe();
    if (!r.accepted()) {
      return 0;
    }
    if (role != Role.LEADER || r.term() != n.core().term() || r.index() != n.core().lastIndex()) {
      throw new SimulationFailure("propose contract: node " + n.id + " (" + role + ", term " + n.core().term()
          + ", last index " + n.core().lastIndex() + ") accepted a proposal at " + r.index() + "@" + r.term());
    }
    sim.trace(() -> "client proposes payload " + payload + " to node " + n.id + ": accepted at " + r.index()
        + "@" + r.term());
    stats.proposalsAccepted++;
    waiting.computeIfAbsent(n.id, k -> new TreeMap<>())
        .put(r.index(), new Proposal(r.term(), payload, n.incarnation()));
    return payload;
  }

  void read(SimNode n) {
    if (n == null) {
      return;
    }
    long ctx = nextContext++;
    if (n.core().readIndex(ctx)) {
      checker.readRequested(n.id, ctx);
      stats.readsRequested++;
      sim.trace(() -> "client reads through node " + n.id + ", context " + ctx);
    }
    n.observe();
  }

  private void changeMembership(SimNode leader) {
    ConfState c = leader.core().confState();
    List<ConfChange> options = new ArrayList<>();
    if (c.members().size() < 7) {
      options.add(new ConfChange(ConfChange.Type.ADD_LEARNER, sim.spareNode(everMember)));
    }
    for (long l : c.learners()) {
      SimNode n = sim.node(l);
      if (n != null && n.up() && n.core().appliedIndex() + 10 >= leader.core().commitIndex()) {
        options.add(new ConfChange(ConfChange.Type.ADD_VOTER, l));
      }
      options.add(new ConfChange(ConfChange.Type.REMOVE, l));
    }
    if (c.voters().size() > 1) {
      for (long v : c.voters()) {
        options.add(new ConfChange(ConfChange.Type.REMOVE, v));
      }
    }
    if (options.isEmpty()) {
      return;
    }
    ConfChange change = options.get(random.nextInt(options.size()));
    ProposeResult r = leader.core().proposeConfChange(change);
    leader.observe();
    sim.trace(() -> "operator proposes " + change + " to leader " + leader.id + ": " + r);
    if (r.accepted()) {
      stats.confChangesProposed++;
      lastConfChangeIndex = r.index();
    }
  }

  private void campaign(SimNode n) {
    if (n != null) {
      sim.trace(() -> "node " + n.id + " is told to campaign");
      n.core().campaign();
      n.observe();
    }
  }

  private void takeSnapshot(SimNode n) {
    if (n != null && n.snapshot()) {
      stats.snapshots++;
    }
  }

  @Override
  public void applied(SimNode node, Entry e) {
    if (e.type() == Entry.Type.CONF_CHANGE && confChangesSeen.add(e.index())) {
      ConfChange change = ConfChange.decode(e.data());
      stats.confChangesApplied++;
      everMember.addAll(checker.confAt(e.index()).members());
      sim.trace(() -> "membership change " + change + " committed at " + e.index() + ": " + checker.confAt(e.index()));
      if (change.type() == ConfChange.Type.REMOVE) {
        sim.retireLater(change.nodeId(), e.index());
      }
    }
    TreeMap<Long, Proposal> w = waiting.get(node.id);
    Proposal p = w == null ? null : w.remove(e.index());
    if (p != null && p.incarnation() == node.incarnation()) {
      settle(node, e, p);
    }
  }

  @Override
  public void snapshotRestored(SimNode node, long index) {
    stats.snapshotsInstalled++;
    TreeMap<Long, Proposal> w = waiting.get(node.id);
    if (w == null) {
      return;
    }
    Map<Long, Proposal> covered = w.headMap(index, true);
    for (Map.Entry<Long, Proposal> c : covered.entrySet()) {
      Entry e = checker.appliedAt(c.getKey());
      if (e != null && c.getValue().incarnation() == node.incarnation()) {
        settle(node, e, c.getValue());
      }
    }
    covered.clear();
  }

  private void settle(SimNode node, Entry e, Proposal p) {
    if (e.term() != p.term()) {
      return;
    }
    if (SimStateMachine.payloadId(e) != p.payload()) {
      throw new SimulationFailure("proposal outcome: node " + node.id + " accepted payload " + p.payload() + " at "
          + e.index() + "@" + p.term() + " but " + e + " with payload " + SimStateMachine.payloadId(e)
          + " committed there");
    }
    acknowledged.put(e.index(), p.payload());
    acknowledgedAt.put(p.payload(), e.index());
    checker.acknowledged(e.index());
    stats.proposalsAcknowledged++;
  }

  /** The index an acknowledged payload committed at, or -1. */
  long acknowledgedIndex(long payload) {
    return acknowledgedAt.getOrDefault(payload, -1L);
  }

  @Override
  public void readReleased(SimNode node, ReadState rs) {
    if (checker.readReleased(node.id, rs)) {
      stats.readsReleased++;
    }
  }

  /** A node restarted: its clients' outstanding proposals have an unknown outcome. */
  void forget(long nodeId) {
    waiting.remove(nodeId);
  }

  /** Liveness: every acknowledged payload is in each member's state machine, in acknowledgement-index order. */
  void checkAcknowledged(List<SimNode> members) {
    for (SimNode m : members) {
      SimStateMachine sm = m.stateMachine();
      Map<Long, Integer> position = new HashMap<>();
      for (int i = 0; i < sm.size(); i++) {
        position.put(sm.payload(i), i);
      }
      int last = -1;
      for (Map.Entry<Long, Long> a : acknowledged.entrySet()) {
        Integer at = position.get(a.getValue());
        if (at == null) {
          throw new SimulationFailure("durability: payload " + a.getValue() + ", acknowledged at index " + a.getKey()
              + ", is missing from node " + m.id + "'s state machine (applied through "
              + sm.appliedIndex() + ")");
        }
        if (at <= last) {
          throw new SimulationFailure("order: node " + m.id + " applied acknowledged payload " + a.getValue()
              + " (index " + a.getKey() + ") before an earlier acknowledged one");
        }
        last = at;
      }
    }
  }
}
