package io.coreactor.consensus.raft.sim;

import io.coreactor.consensus.raft.ConfState;
import io.coreactor.consensus.raft.RaftMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * One seeded run: a cluster of {@link SimNode}s on a {@link SimNetwork}, driven in discrete
 * steps (deliver due messages, tick nodes with jitter, let clients and faults act, run every
 * node's Ready loop) while the {@link SafetyChecker} watches every input and output. Then
 * everything is healed and restarted, and the run must converge: a leader within a bound,
 * and every acknowledged payload applied on every member in the same order.
 * Everything random comes from the one seed, so a failing run replays exactly.
 */
final class Simulation {

  /** The outcome of a run; {@code failure} is null when every check held. */
  record Result(SimParams params, SimStats stats, Throwable failure, List<String> trace, List<String> statuses) {}

  private final SimParams p;
  private final Random random;
  private final SimTrace trace;
  private final SimStats stats = new SimStats();
  private final SafetyChecker checker;
  private final SimNetwork network;
  private final SimWorkload workload;
  private final SimFaults faultsAndOperator;
  private final TreeMap<Long, SimNode> nodes = new TreeMap<>();
  private final Map<Long, Double> tickRate = new HashMap<>();
  private long now;
  private long nextId;
  private boolean faults = true;
  private boolean sabotage;

  private Simulation(SimParams params, SimTrace trace) {
    this.p = params;
    this.random = new Random(params.seed());
    this.trace = trace;
    List<Long> ids = new ArrayList<>();
    for (long id = 1; id <= p.nodes(); id++) {
      ids.add(id);
    }
    ConfState initial = ConfState.ofVoters(ids);
    this.checker = new SafetyChecker(initial);
    this.network = new SimNetwork(random, params);
    this.workload = new SimWorkload(this, random, checker, stats, initial);
    this.faultsAndOperator = new SimFaults(this, params, random, network, checker, workload, stats);
    nextId = p.nodes() + 1;
    for (long id : ids) {
      addNode(id, initial);
    }
  }

  static Result run(long seed, SimTrace trace) {
    return run(SimParams.of(seed), trace, false);
  }

  /** With {@code sendBeforePersist}, every node breaks the Ready contract: a shell bug the checks must catch. */
  static Result run(SimParams params, SimTrace trace, boolean sendBeforePersist) {
    Simulation s = new Simulation(params, trace);
    s.nodes.values().forEach(n -> n.sendBeforePersist = sendBeforePersist);
    s.sabotage = sendBeforePersist;
    Throwable failure = null;
    try {
      s.run();
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable t) {
      failure = t;
    }
    s.stats.leaderTerms = s.checker.leaderTerms();
    List<String> statuses = new ArrayList<>();
    for (SimNode n : s.nodes.values()) {
      statuses.add(n.status());
    }
    statuses.add(s.network.describeCuts() + ", " + s.network.inFlight() + " messages in flight");
    return new Result(s.p, s.stats, failure, trace.lastEvents(), statuses);
  }

  private void run() {
    while (now < p.steps()) {
      step();
    }
    converge();
  }

  private void step() {
    now++;
    stats.steps++;
    trace.step(now);
    if (faults) {
      faultsAndOperator.inject(now);
    }
    faultsAndOperator.lifecycle(now, faults, nodes.values());
    for (RaftMessage m : network.due(now)) {
      SimNode n = nodes.get(m.to());
      if (n != null && n.up()) {
        if (trace.enabled()) {
          trace.add("deliver " + m);
        }
        stats.messages++;
        if (m instanceof RaftMessage.RequestVoteResponse r && r.granted() && !r.preVote()) {
          checker.voteDelivered(r.to(), r.term(), r.from());
        }
        n.step(m);
      }
    }
    for (SimNode n : nodes.values()) {
      if (n.up() && (!faults || random.nextDouble() < tickRate.get(n.id))) {
        n.tick();
      }
    }
    if (faults) {
      workload.act(p);
    }
    for (SimNode n : nodes.values()) {
      readyLoop(n);
    }
  }

  private void readyLoop(SimNode n) {
    for (int i = 0; i < 8 && n.up(); i++) {
      if (!n.hasPendingReady() && !n.takeReady(now, network)) {
        return;
      }
      if (faults && random.nextDouble() < p.deferReady()) {
        return; // still being persisted: inputs keep arriving meanwhile
      }
      boolean crash = faults && random.nextDouble() < p.crashMidReady() / 10;
      n.completeReady(now, network, workload, crash);
      if (crash) {
        faultsAndOperator.crashed(n, now);
      }
    }
  }

  /** Heal, restart, stop the faults, then demand a leader and full convergence within bounds. */
  private void converge() {
    faults = false;
    network.healAll();
    network.makeReliable();
    trace(() -> "=== heal everything, restart every node, stop faults ===");
    long start = now;
    long leaderDeadline = start + 30L * p.electionTick() + 2L * p.maxDelay();
    SimNode leader = stableLeader();
    while (leader == null) {
      if (now > leaderDeadline) {
        throw new SimulationFailure("liveness: no leader " + (now - start) + " ticks after healing everything");
      }
      step();
      leader = stableLeader();
    }
    stats.leaderTicks = now - start;
    // Catching up a member may take one round trip per entry (window 1, tiny messages): rather
    // than a fixed deadline, demand that the members keep receiving and applying entries.
    long stallLimit = 60L * p.electionTick() + 10L * p.maxDelay();
    long progress = progressEverywhere();
    long progressAt = now;
    long barrier = 0;
    long proposedAt = 0;
    while (true) {
      leader = stableLeader();
      long index = barrier == 0 ? -1 : workload.acknowledgedIndex(barrier);
      if (index > 0 && leader != null && converged(leader, index)) {
        break;
      }
      if (leader != null && index < 0 && (barrier == 0 || now - proposedAt > 10L * p.electionTick())) {
        barrier = workload.propose(leader, 0);
        proposedAt = now;
      }
      long applied = progressEverywhere();
      if (applied > progress) {
        progress = applied;
        progressAt = now;
      }
      if (now - progressAt > stallLimit || now - start > 20_000) {
        throw new SimulationFailure("liveness: the cluster did not converge " + (now - start) + " ticks after "
            + "healing, no progress for " + (now - progressAt) + " ticks (leader "
            + (leader == null ? "none" : leader.id) + ", barrier payload " + barrier + " acknowledged at "
            + index + ")");
      }
      step();
    }
    List<SimNode> members = new ArrayList<>();
    for (long id : leader.core().confState().members()) {
      members.add(nodes.get(id));
    }
    workload.checkAcknowledged(members);
  }

  /** Grows while followers receive entries or anyone applies: what catching up looks like. */
  private long progressEverywhere() {
    long sum = 0;
    for (SimNode n : nodes.values()) {
      if (n.up()) {
        sum += n.stateMachine().appliedIndex() + (n.isLeader() ? 0 : n.disk().lastIndex());
      }
    }
    return sum;
  }

  /** The newest leader, if no live member of its configuration has moved to a later term; else null. */
  private SimNode stableLeader() {
    SimNode leader = null;
    for (SimNode n : nodes.values()) {
      if (n.isLeader() && (leader == null || n.core().term() > leader.core().term())) {
        leader = n;
      }
    }
    if (leader == null) {
      return null;
    }
    for (long id : leader.core().confState().members()) {
      SimNode m = nodes.get(id);
      if (m != null && m.up() && m.core().term() > leader.core().term()) {
        return null;
      }
    }
    return leader;
  }

  private boolean converged(SimNode leader, long index) {
    for (long id : leader.core().confState().members()) {
      SimNode m = nodes.get(id);
      if (m == null || m.retired) {
        throw new SimulationFailure("simulation: node " + id + " of the final configuration "
            + leader.core().confState() + " was " + (m == null ? "never created" : "shut down after its removal"));
      }
      if (!m.up() || m.hasPendingReady() || m.stateMachine().appliedIndex() < index) {
        return false;
      }
    }
    return true;
  }

  // ---- services for the workload ----

  SimNode node(long id) {
    return nodes.get(id);
  }

  SimNode randomUpNode() {
    List<SimNode> up = new ArrayList<>();
    for (SimNode n : nodes.values()) {
      if (n.up()) {
        up.add(n);
      }
    }
    return up.isEmpty() ? null : up.get(random.nextInt(up.size()));
  }

  SimNode randomLeader() {
    List<SimNode> leaders = new ArrayList<>();
    for (SimNode n : nodes.values()) {
      if (n.isLeader()) {
        leaders.add(n);
      }
    }
    return leaders.isEmpty() ? null : leaders.get(random.nextInt(leaders.size()));
  }

  /** A running node that never was a member, to join the cluster; a fresh one if there is none. */
  long spareNode(Set<Long> everMember) {
    for (SimNode n : nodes.values()) {
      if (!n.retired && !everMember.contains(n.id) && !faultsAndOperator.retiring(n.id)) {
        return n.id;
      }
    }
    long id = nextId++;
    addNode(id, ConfState.EMPTY);
    trace(() -> "node " + id + " is created to join");
    return id;
  }

  Set<Long> nodeIds() {
    return nodes.keySet();
  }

  void retireLater(long id, long index) {
    faultsAndOperator.retireLater(id, index, now);
  }

  void trace(Supplier<String> event) {
    if (trace.enabled()) {
      trace.add(event.get());
    }
  }

  private void addNode(long id, ConfState bootstrap) {
    SimNode n = new SimNode(id, p.raftConfig(id), bootstrap, checker, trace);
    n.sendBeforePersist = sabotage;
    nodes.put(id, n);
    tickRate.put(id, p.minTickRate() + random.nextDouble() * (1 - p.minTickRate()));
    n.start(random.nextLong());
  }
}
