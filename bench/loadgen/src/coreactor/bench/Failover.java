package coreactor.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Leader failover under write load: writers put to the members that will survive, the leader
 * is killed with SIGKILL (kill -9), and the step reports the time from the kill until a write
 * sent after the kill succeeds, plus when a survivor first names a new leader. Writes use a
 * short client timeout (staggered per writer) so that one forwarded to the dead leader is
 * retried soon instead of waiting out the server's own request timeout. Restarting the killed member is bench/run's
 * job (it knows how the member was started); this step prints "KILLED index".
 */
final class Failover {
  record Plan(List<Endpoint> endpoints, List<Long> pids, int writers, double warmupSec,
      double maxSec, int timeoutMs, long seed) {}

  private Failover() {}

  static StepResult run(StepResult result, Plan plan) throws InterruptedException {
    Map<String, Long> errors = new HashMap<>();
    int leader = Cluster.awaitLeader(plan.endpoints(), 10_000);
    if (leader < 0) {
      return result.errors(Map.of("no leader within 10 s", 1L));
    }
    String oldLeaderId = Cluster.leaderId(plan.endpoints().get(leader));
    List<Endpoint> survivors = new ArrayList<>(plan.endpoints());
    survivors.remove(leader);

    Writers writers = new Writers(survivors, plan);
    writers.start();
    ClosedLoop.pause((long) (plan.warmupSec() * 1000));
    long okBeforeKill = writers.ok.get();
    if (okBeforeKill == 0) {
      errors.put("no write succeeded before the kill", 1L);
    }

    long pid = plan.pids().get(leader);
    long killAt = System.nanoTime();
    ProcessHandle victim = ProcessHandle.of(pid).filter(Failover::isClusterMember).orElse(null);
    if (victim == null || !victim.destroyForcibly()) {
      errors.put("could not kill pid " + pid, 1L);
    }
    // A killed process may still run for a moment (SIGKILL takes effect when it is next
    // scheduled), and a write it commits then proves nothing: only writes sent after it is
    // gone count, while the time is still measured from the kill.
    long deadAt = awaitDeath(pid, 5000);
    if (deadAt == 0) {
      errors.put("pid " + pid + " still alive 5 s after SIGKILL", 1L);
      deadAt = System.nanoTime();
    }
    writers.countFrom = deadAt;

    long deadline = killAt + ClosedLoop.secondsToNanos(plan.maxSec());
    long newLeaderAt = 0;
    while (System.nanoTime() < deadline && (newLeaderAt == 0 || writers.firstOkAfterKill.get() == Long.MAX_VALUE)) {
      if (newLeaderAt == 0) {
        for (Endpoint e : survivors) {
          String id = Cluster.leaderId(e);
          if (!id.isEmpty() && !id.equals(oldLeaderId)) {
            newLeaderAt = System.nanoTime();
            break;
          }
        }
      }
      ClosedLoop.pause(10);
    }
    writers.stop();

    long resumed = writers.firstOkAfterKill.get();
    if (resumed == Long.MAX_VALUE) {
      errors.put("writes did not resume within " + plan.maxSec() + " s", 1L);
    }
    synchronized (writers.errorsAfterKill) {
      writers.errorsAfterKill.forEach((k, v) -> errors.merge("after kill: " + k, v, Long::sum));
    }
    System.out.println("KILLED " + leader);
    return result.put("killed", leader)
        .put("killed_pid", pid)
        .put("writers", plan.writers())
        .put("ok_before_kill", okBeforeKill)
        .put("dead_ms", StepResult.ms((deadAt - killAt) / 1000))
        .put("resumed_ms", resumed == Long.MAX_VALUE ? "none" : StepResult.ms((resumed - killAt) / 1000))
        .put("new_leader_ms", newLeaderAt == 0 ? "none" : StepResult.ms((newLeaderAt - killAt) / 1000))
        .errors(errors);
  }

  /** A guard against a wrong --pids: only an etcd or a JVM (a coreactor node) is ever killed. */
  private static boolean isClusterMember(ProcessHandle p) {
    String command = p.info().command().orElse("");
    return command.endsWith("/etcd") || command.endsWith("/java");
  }

  /**
   * Polls until the process is gone (no /proc entry, or a zombie waiting to be reaped by its
   * parent); returns that moment's nanoTime, or 0 after timeoutMs.
   */
  static long awaitDeath(long pid, long timeoutMs) {
    java.nio.file.Path stat = java.nio.file.Path.of("/proc/" + pid + "/stat");
    long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
    while (System.nanoTime() < deadline) {
      try {
        String s = java.nio.file.Files.readString(stat);
        if (s.charAt(s.lastIndexOf(')') + 2) == 'Z') {
          return System.nanoTime();
        }
      } catch (IOException | RuntimeException gone) {
        return System.nanoTime();
      }
      ClosedLoop.pause(1);
    }
    return 0;
  }

  /** Closed-loop writers on the survivors that note the first success sent after the kill. */
  private static final class Writers {
    final List<Thread> threads = new ArrayList<>();
    final List<HttpConnection> connections = new ArrayList<>();
    final AtomicLong ok = new AtomicLong();
    final AtomicLong firstOkAfterKill = new AtomicLong(Long.MAX_VALUE);
    final Map<String, Long> errorsAfterKill = new HashMap<>();
    volatile long countFrom = Long.MAX_VALUE; // writes sent from then on show recovery
    volatile boolean stopped;

    Writers(List<Endpoint> targets, Plan plan) {
      SplittableRandom root = new SplittableRandom(plan.seed());
      for (int i = 0; i < plan.writers(); i++) {
        // Timeouts staggered over [timeout/2, timeout): writers that all sent at the kill
        // would otherwise retry in lockstep, and the recovery time would come out in steps
        // of one timeout instead of to within a few milliseconds.
        int timeoutMs = plan.timeoutMs() / 2 + plan.timeoutMs() / 2 * i / plan.writers();
        HttpConnection c = new HttpConnection(targets.get(i % targets.size()), timeoutMs);
        SplittableRandom rnd = root.split();
        connections.add(c);
        threads.add(new Thread(() -> write(c, rnd), "writer-" + i));
      }
    }

    void start() {
      threads.forEach(t -> {
        t.setDaemon(true);
        t.start();
      });
    }

    void write(HttpConnection c, SplittableRandom rnd) {
      Workload put = Workload.v3Put();
      while (!stopped) {
        long t0 = System.nanoTime();
        String error;
        try {
          error = put.check(c.exchange(put.next(c.endpoint(), rnd)));
        } catch (IOException e) {
          error = e instanceof java.net.SocketTimeoutException ? "client timeout" : "io " + e.getMessage();
        }
        long t1 = System.nanoTime();
        if (error == null) {
          ok.incrementAndGet();
          if (t0 >= countFrom) {
            firstOkAfterKill.accumulateAndGet(t1, Math::min);
          }
        } else if (!stopped) {
          if (t0 >= countFrom) {
            synchronized (errorsAfterKill) {
              errorsAfterKill.merge(error, 1L, Long::sum);
            }
          }
          ClosedLoop.pause(10); // retry soon, but leave the CPU to the election
        }
      }
    }

    /** Stops the writers; closing their sockets unblocks any still waiting for an answer. */
    void stop() throws InterruptedException {
      stopped = true;
      connections.forEach(HttpConnection::close);
      for (Thread t : threads) {
        t.join(1000);
      }
    }
  }
}
