package io.coreactor.multijvm.workload;

import io.coreactor.multijvm.ClusterNode;
import io.coreactor.multijvm.EtcdClient;
import io.coreactor.multijvm.LocalCluster;
import io.coreactor.multijvm.history.CheckResult;
import io.coreactor.multijvm.history.History;
import io.coreactor.multijvm.history.LinearizabilityChecker;
import io.coreactor.multijvm.history.Operation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One fault test run: a {@link Workload} and a {@link LeaderWatch} against a cluster while the
 * test's nemesis acts through the methods here (which time the elections that follow), then
 * {@link #finish} heals, lets the workload end, waits for convergence, reads every key once more,
 * checks the history, lost writes and election times, and writes the report.
 */
public final class FaultRun {

  private static final Duration CONVERGENCE_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration FINAL_READ_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration REJOIN_TIMEOUT = Duration.ofSeconds(30);

  private final LocalCluster cluster;
  private final String name;
  private final WorkloadSettings settings;
  private final Workload workload;
  private final LeaderWatch leaders;
  private final RunReport report;
  private final long startedAt = System.nanoTime();

  private FaultRun(LocalCluster cluster, String name, WorkloadSettings settings) {
    this.cluster = cluster;
    this.name = name;
    this.settings = settings;
    this.workload = new Workload(settings, cluster::nodes);
    this.leaders = new LeaderWatch(cluster::nodes);
    this.report = new RunReport(name);
  }

  /** Starts the leader watch and the workload; prints the seed first. */
  public static FaultRun start(LocalCluster cluster, String name, WorkloadSettings settings) {
    System.out.println(name + ": seed " + settings.seed() + " (replay with -Dmultijvm.seed=" + settings.seed()
        + "), work dir " + cluster.workDir());
    FaultRun run = new FaultRun(cluster, name, settings);
    run.leaders.start();
    run.workload.start();
    return run;
  }

  public LocalCluster cluster() {
    return cluster;
  }

  public Workload workload() {
    return workload;
  }

  public LeaderWatch leaders() {
    return leaders;
  }

  public RunReport report() {
    return report;
  }

  /** The bound on the time to a new leader after a fault that removed the old one. */
  public Duration electionBound() {
    return cluster.electionTimeout().multipliedBy(3);
  }

  /** Whether the nemesis should keep going: the workload is still running. */
  public boolean workloadRunning() {
    return !workload.isDone();
  }

  /** The current leader, waiting up to 15 s for one. */
  public LeaderWatch.Leader currentLeader() {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (true) {
      Optional<LeaderWatch.Leader> l = leaders.probe();
      if (l.isPresent()) {
        return l.get();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no leader within 15 s; faults so far: " + cluster.faultLog());
      }
      Pause.briefly(50);
    }
  }

  /** Kills the leader (SIGKILL) and waits for the next; returns the killed node. */
  public ClusterNode killLeader() {
    LeaderWatch.Leader l = currentLeader();
    ClusterNode n = cluster.node(l.node());
    long at = System.nanoTime();
    cluster.kill(n);
    newLeaderAfter("kill leader " + n.name(), l, at);
    return n;
  }

  /** Pauses the leader (SIGSTOP) for {@code pausedFor}, waits for the next leader, resumes it. */
  public ClusterNode pauseLeader(Duration pausedFor) {
    LeaderWatch.Leader l = currentLeader();
    ClusterNode n = cluster.node(l.node());
    long at = System.nanoTime();
    cluster.pause(n);
    newLeaderAfter("pause leader " + n.name(), l, at);
    hold(Duration.ofNanos(Math.max(0, at + pausedFor.toNanos() - System.nanoTime())));
    cluster.resume(n);
    return n;
  }

  /**
   * Starts a stopped or killed node again (unless it already runs) and waits until it is back within Raft's reach: its
   * own (serializable) revision reaches what the leader had when it came up, which it can only
   * get from the leader's AppendEntries. Until then the node counts for nothing in a quorum (JVM
   * start, recovery, the first round trips), and a fault injected in that window would remove a
   * quorum rather than a leader: not what "a new leader within 3 election timeouts" is about.
   */
  public void startAndRejoin(ClusterNode n) {
    if (!n.isRunning()) {
      cluster.start(n);
    }
    long target = cluster.node(currentLeader().node()).client().revision(true);
    long deadline = System.nanoTime() + REJOIN_TIMEOUT.toNanos();
    long seen = -1;
    while (System.nanoTime() < deadline) {
      try {
        seen = n.client().revision(true);
        if (seen >= target) {
          return;
        }
      } catch (RuntimeException e) {
        // not answering yet: poll again
      }
      Pause.briefly(50);
    }
    throw new AssertionError(n.name() + " restarted but did not catch up to revision " + target + " within "
        + REJOIN_TIMEOUT.toSeconds() + " s (at " + seen + ")");
  }

  /**
   * Records the election that follows a fault which removed {@code old} at {@code at}
   * (System.nanoTime); it is checked against {@link #electionBound()} in {@link #finish}.
   */
  public LeaderWatch.Election newLeaderAfter(String fault, LeaderWatch.Leader old, long at) {
    return leaders.awaitNewLeader(fault, old.node(), old.term(), at, electionBound().multipliedBy(5));
  }

  /** How long the nemesis keeps a fault in place; the only deliberate wait of a fault test. */
  public void hold(Duration d) {
    if (!d.isZero() && !d.isNegative()) {
      Pause.briefly(d.toMillis());
    }
  }

  /**
   * Runs the test's nemesis; if it throws (a probe gave up, a fault could not be injected) the
   * failure is recorded as a problem, so that {@link #finish} still heals, checks and reports.
   */
  public FaultRun nemesis(Runnable body) {
    try {
      body.run();
    } catch (AssertionError | RuntimeException e) {
      report.problem("nemesis stopped: " + e);
    }
    return this;
  }

  /** Records a failed check for the report; the run fails in {@link #finish}. */
  public void problem(String description) {
    report.problem(description);
  }

  /**
   * Heals the network, resumes paused nodes, lets the workload end, then checks every node that
   * is running: convergence, final reads, linearizability, lost writes, election times. Writes
   * the report and throws an AssertionError listing every problem.
   */
  public void finish() {
    cluster.heal();
    for (ClusterNode n : cluster.nodes()) {
      if (n.isPaused()) {
        cluster.resume(n);
      }
    }
    WorkloadResult result = workload.awaitEnd();
    List<ClusterNode> running = cluster.nodes().stream().filter(ClusterNode::isRunning).toList();
    History history = result.history();
    CheckResult check = null;
    try {
      LeaderWatch.Leader leader = currentLeader();
      long convergeStart = System.nanoTime();
      List<NodeState> states = Convergence.await(running, CONVERGENCE_TIMEOUT);
      long convergeMs = (System.nanoTime() - convergeStart) / 1_000_000;
      Map<String, FinalValue> finals = finalReads(history, cluster.node(leader.node()));
      checkEveryNodeShows(running, finals);
      long checkStart = System.nanoTime();
      List<Operation> ops = history.operations();
      check = new LinearizabilityChecker(20_000_000).check(ops);
      long checkMs = (System.nanoTime() - checkStart) / 1_000_000;
      if (!check.isLinearizable()) {
        report.problem("history " + check.verdict() + ": " + check.explanation());
      }
      long finalRevision = states.get(0).revision();
      for (String v : LostWriteCheck.check(result.acked(), finals, finalRevision, result.keysWithDeletes())) {
        report.problem("lost write: " + v);
      }
      summarize(result, ops, states, convergeMs, check, checkMs);
    } catch (AssertionError | RuntimeException e) {
      report.problem("after healing: " + e);
      summarize(result, history.operations(), List.of(), -1, check, -1);
    } finally {
      leaders.close();
    }
    for (LeaderWatch.Election e : leaders.elections()) {
      if (e.took().compareTo(electionBound()) > 0) {
        report.problem("new leader after '" + e.fault() + "' took " + e.took().toMillis() + " ms, more than 3 election"
            + " timeouts (" + electionBound().toMillis() + " ms)");
      }
    }
    report.line("test time: %.1f s", (System.nanoTime() - startedAt) / 1e9);
    report.write(cluster.workDir(), history.operations(), check);
    if (report.failed()) {
      throw new AssertionError(name + " failed (seed " + settings.seed() + ", report in " + cluster.workDir() + "):\n"
          + String.join("\n", report.problems()));
    }
  }

  /** One linearizable read of every key through the leader, appended to the history. */
  private Map<String, FinalValue> finalReads(History history, ClusterNode leader) {
    Map<String, FinalValue> finals = new LinkedHashMap<>();
    int process = settings.clients();
    long deadline = System.nanoTime() + FINAL_READ_TIMEOUT.toNanos();
    for (int i = 0; i < settings.keys(); i++) {
      String key = WorkloadSettings.key(i);
      while (true) {
        History.Invocation inv = history.invokeRead(process, key);
        try {
          Optional<EtcdClient.KeyValue> kv = leader.client().get(key);
          history.ok(inv, kv.map(EtcdClient.KeyValue::value).orElse(null), false);
          finals.put(key, kv.map(v -> new FinalValue(key, v.value(), v.modRevision())).orElse(FinalValue.absent(key)));
          break;
        } catch (EtcdClient.Refused e) {
          history.fail(inv);
        } catch (RuntimeException e) {
          history.unknown(inv);
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError("the final read of " + key + " through " + leader.name() + " kept failing");
        }
        Pause.briefly(100);
      }
    }
    return finals;
  }

  private void checkEveryNodeShows(List<ClusterNode> running, Map<String, FinalValue> finals) {
    for (ClusterNode n : running) {
      for (FinalValue f : finals.values()) {
        String local = n.client().getSerializable(f.key()).map(EtcdClient.KeyValue::value).orElse(null);
        if (!Objects.equals(local, f.value())) {
          report.problem(n.name() + " shows " + f.key() + " = " + local + " after convergence, the leader " + f.value());
        }
      }
    }
  }

  private void summarize(WorkloadResult r, List<Operation> ops, List<NodeState> states, long convergeMs,
                         CheckResult check, long checkMs) {
    Map<Operation.Outcome, Integer> o = r.outcomes();
    report.line("seed %d; workload %d clients over %d keys, %.1f s of %s, at most %d ops", settings.seed(),
        settings.clients(), settings.keys(), (r.endedAt() - r.startedAt()) / 1e9, settings.duration(),
        settings.maxOps());
    report.line("operations: %d (ok %d, fail %d, unknown %d); acknowledged writes %d", ops.size(),
        o.get(Operation.Outcome.OK), o.get(Operation.Outcome.FAIL), o.get(Operation.Outcome.UNKNOWN), r.acked().size());
    List<String> faults = cluster.faultLog();
    report.line("faults injected: %d", faults.size());
    for (String f : faults) {
      report.line("  %s", f);
    }
    report.line("leader changes: %d (%s)", leaders.leaderChanges(), leaders.describeTimeline());
    List<String> els = new ArrayList<>();
    for (LeaderWatch.Election e : leaders.elections()) {
      els.add(e.fault() + " -> " + e.newLeader() + " in " + e.took().toMillis() + " ms");
    }
    report.line("elections (bound %d ms): %s", electionBound().toMillis(), els.isEmpty() ? "none" : String.join("; ", els));
    report.line("longest unavailability (no successful write): %d ms", r.longestWriteGap().toMillis());
    if (!states.isEmpty()) {
      report.line("converged in %d ms: %s", convergeMs, states);
    }
    if (check != null) {
      report.line("linearizability: %s, %d ops over %d keys, checked in %d ms", check.verdict(),
          check.operationsChecked(), check.keysChecked(), checkMs);
    }
  }
}
