package io.coreactor.consensus.raft.sim;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded simulation of the Raft core: thousands of short randomized runs (1, 3 and 5 nodes,
 * each with its own fault mix), every Raft safety property checked after every input, and
 * liveness once the faults stop. Runs are independent and each is a pure function of its
 * seed, so they spread over a fixed thread pool and a failing seed replays exactly:
 * <pre>
 *   -Dsim.seed=S      replay one run verbosely, with a trace of its last events
 *   -Dsim.runs=N      number of runs in the batch (default 2000)
 *   -Dsim.baseSeed=B  the batch's base seed (default: fresh each time, printed)
 *   -Dsim.threads=T   worker threads (default 2)
 *   -Dsim.trace=E     events kept in a replay's trace (default 400)
 * </pre>
 */
class RaftSimulationTest {

  private static final int TRACE_EVENTS = Integer.getInteger("sim.trace", 400);

  static String replayCommand(long seed) {
    return "mvn -o -pl actors-consensus test -Dtest=RaftSimulationTest -Dsim.seed=" + seed;
  }

  @Test
  void randomizedRunsKeepRaftSafeAndLive() throws Exception {
    String seed = System.getProperty("sim.seed", "");
    if (!seed.isBlank()) {
      replay(Long.parseLong(seed.trim()));
      return;
    }
    int runs = Integer.getInteger("sim.runs", 2000);
    int threads = Integer.getInteger("sim.threads", 2);
    String givenBase = System.getProperty("sim.baseSeed", "");
    long base = givenBase.isBlank() ? ThreadLocalRandom.current().nextLong() : Long.parseLong(givenBase.trim());
    System.out.println("raft simulation: " + runs + " runs from base seed " + base + " on " + threads
        + " threads (-Dsim.baseSeed=" + base + " repeats this batch)");

    SplittableRandom seeds = new SplittableRandom(base);
    long started = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<Simulation.Result>> futures = new ArrayList<>();
    try {
      for (int i = 0; i < runs; i++) {
        long runSeed = seeds.nextLong() & Long.MAX_VALUE;
        futures.add(pool.submit(() -> Simulation.run(runSeed, SimTrace.off())));
      }
      SimStats total = new SimStats();
      List<Simulation.Result> failures = new ArrayList<>();
      int[] bySize = new int[6];
      for (Future<Simulation.Result> f : futures) {
        Simulation.Result r = f.get();
        total.add(r.stats());
        bySize[r.params().nodes()]++;
        if (r.failure() != null) {
          failures.add(r);
        }
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      System.out.printf("raft simulation: %d runs (%d of 1 node, %d of 3, %d of 5), %d failures, "
              + "%d proposals acknowledged, %d leader changes, in %.1f s (base seed %d)%n",
          runs, bySize[1], bySize[3], bySize[5], failures.size(), total.proposalsAcknowledged,
          total.leaderTerms, seconds, base);
      System.out.println("  totals: " + total);
      if (!failures.isEmpty()) {
        report(failures);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void report(List<Simulation.Result> failures) {
    StringBuilder seedList = new StringBuilder();
    for (Simulation.Result f : failures) {
      long s = f.params().seed();
      seedList.append(s).append(' ');
      System.out.println("FAILED seed " + s + " (" + f.params().summary() + "): " + firstLine(f.failure()));
      System.out.println("  replay: " + replayCommand(s));
    }
    Simulation.Result first = failures.get(0);
    // The batch ran without a trace; replaying the seed gives the same run, now traced.
    Simulation.Result traced = Simulation.run(first.params().seed(), new SimTrace(true, TRACE_EVENTS));
    print(traced);
    fail(failures.size() + " simulated run(s) failed; seeds: " + seedList.toString().trim() + "\nfirst: "
        + first.failure().getMessage() + "\nreplay it with: " + replayCommand(first.params().seed()));
  }

  private static void replay(long seed) {
    Simulation.Result r = Simulation.run(seed, new SimTrace(true, TRACE_EVENTS));
    print(r);
    if (r.failure() != null) {
      fail("seed " + seed + ": " + r.failure().getMessage(), r.failure());
    }
  }

  private static void print(Simulation.Result r) {
    System.out.println("=== seed " + r.params().seed() + ": " + r.params().summary());
    System.out.println("=== last " + r.trace().size() + " events:");
    r.trace().forEach(System.out::println);
    System.out.println("=== nodes at the end:");
    r.statuses().forEach(s -> System.out.println("  " + s));
    System.out.println("=== " + r.stats());
    if (r.failure() != null) {
      StringWriter w = new StringWriter();
      r.failure().printStackTrace(new PrintWriter(w));
      System.out.println("=== FAILED: " + w);
      System.out.println("=== replay: " + replayCommand(r.params().seed()));
    } else {
      System.out.println("=== passed");
    }
  }

  private static String firstLine(Throwable t) {
    String m = String.valueOf(t.getMessage());
    int nl = m.indexOf('\n');
    return t.getClass().getSimpleName() + ": " + (nl < 0 ? m : m.substring(0, nl));
  }
}
