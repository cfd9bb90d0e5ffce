package coreactor.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark's load generator: one mode per invocation, one step per mode, every step
 * bounded in time. Modes:
 * <pre>
 *   put | range | v2put | v2get   closed-loop load (--clients, --warmup, --measure seconds)
 *   preload                       write the --keys keys that range and v2get read
 *   fill                          v3 puts until the revision reaches --until-revision
 *   watch                         --watchers streams on a prefix, --rounds puts
 *   failover                      kill -9 the leader (--pids, in --endpoints order) under writes
 *   selftest                      the generator's own ceiling, against a trivial local server
 *   wait                          until every endpoint is healthy and one leads (--timeout s)
 *   report                        results/*.tsv of bench/run into markdown and a PNG chart
 * </pre>
 * Common options: --endpoints url,url,.. --target leader|all --system NAME --step NAME
 * --seed N --timeout-ms N. Output: a line for people, then RESULT and ERROR lines for bench/run.
 */
public final class LoadGen {
  private LoadGen() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println("usage: LoadGen MODE [--option value ...]; see the class comment");
      System.exit(2);
    }
    String mode = args[0];
    Options o = new Options(args, 1);
    if (mode.equals("report")) {
      Report.write(Path.of(o.required("dir")), Path.of(o.required("out")),
          Path.of(o.required("chart")));
      o.checkAllRead();
      return;
    }
    long seed = o.getLong("seed", System.nanoTime());
    String step = o.get("step", mode);
    System.out.println("seed=" + seed + " (replay with --seed " + seed + " --step " + step + ")");
    // Each step draws its own keys from the run's seed: with the seed alone, client i of every
    // step wrote the same key sequence, so each write step overwrote the keys of the steps
    // before it instead of writing new ones.
    long stepSeed = seed ^ (0x9E3779B97F4A7C15L * (step.hashCode() + 1L));
    StepResult result = new StepResult(o.get("system", "test"), step);
    StepResult done = switch (mode) {
      case "put" -> load(o, stepSeed, result, Workload.v3Put());
      case "range" -> load(o, stepSeed, result, Workload.v3Range(o.getLong("key-seed", 1), o.getInt("keys", 1000),
          Boolean.parseBoolean(o.get("serializable", "false"))));
      case "v2put" -> load(o, stepSeed, result, Workload.v2Put());
      case "v2get" -> load(o, stepSeed, result, Workload.v2Get(o.getLong("key-seed", 1), o.getInt("keys", 1000)));
      case "preload" -> preload(o, stepSeed, result);
      case "fill" -> fill(o, stepSeed, result);
      case "watch" -> watch(o, stepSeed, result);
      case "failover" -> failover(o, stepSeed, result);
      case "selftest" -> selftest(o, stepSeed, result);
      case "wait" -> waitForCluster(o, result);
      default -> throw new IllegalArgumentException("unknown mode " + mode);
    };
    done.put("seed", seed).print(System.out);
  }

  private static StepResult load(Options o, long seed, StepResult result, Workload w)
      throws InterruptedException {
    ClosedLoop.Plan plan = new ClosedLoop.Plan(targets(o), o.getInt("clients", 16),
        o.getDouble("warmup", 1), o.getDouble("measure", 5), 0, 0, o.getInt("timeout-ms", 5000), seed);
    o.checkAllRead();
    return ClosedLoop.run(result, plan, w);
  }

  /** Writes keys 0..keys-1 of the read set through v3 and v2 both (2 requests per key). */
  private static StepResult preload(Options o, long seed, StepResult result) throws InterruptedException {
    int keys = o.getInt("keys", 1000);
    Workload w = Workload.preload(o.getLong("key-seed", 1));
    ClosedLoop.Plan plan = new ClosedLoop.Plan(targets(o), o.getInt("clients", 16), 0, 0,
        2L * keys, o.getDouble("max", 60), o.getInt("timeout-ms", 5000), seed);
    o.checkAllRead();
    return ClosedLoop.run(result, plan, w);
  }

  /** Tops the store up to a revision, so that data sizes compare after the same write count. */
  private static StepResult fill(Options o, long seed, StepResult result) throws InterruptedException {
    List<Endpoint> targets = targets(o);
    long until = o.getLong("until-revision", 100_001);
    ClosedLoop.Plan plan = new ClosedLoop.Plan(targets, o.getInt("clients", 64), 0, 0, 0,
        o.getDouble("max", 120), o.getInt("timeout-ms", 5000), seed);
    o.checkAllRead();
    long before = Cluster.revision(targets.get(0));
    if (before < 0) {
      return result.errors(java.util.Map.of("revision unknown", 1L));
    }
    long missing = until - before;
    if (missing > 0) {
      plan = new ClosedLoop.Plan(plan.targets(), plan.clients(), 0, 0, missing, plan.maxSec(),
          plan.timeoutMs(), seed);
      ClosedLoop.run(result, plan, Workload.v3Put());
    } else {
      result.put("ok", 0);
    }
    return result.put("revision_before", before).put("revision_after", Cluster.revision(targets.get(0)));
  }

  private static StepResult watch(Options o, long seed, StepResult result) throws InterruptedException {
    List<Endpoint> all = Endpoint.parseList(o.required("endpoints"));
    int rounds = Math.min(1000, o.getInt("rounds", 20));
    WatchFanout.Plan plan = new WatchFanout.Plan(all, leaderOf(all), o.getInt("watchers", 100),
        rounds, o.getInt("timeout-ms", 5000), seed);
    o.checkAllRead();
    return WatchFanout.run(result, plan);
  }

  private static StepResult failover(Options o, long seed, StepResult result) throws InterruptedException {
    List<Endpoint> all = Endpoint.parseList(o.required("endpoints"));
    List<Long> pids = new ArrayList<>();
    for (String p : o.required("pids").split(",")) {
      pids.add(Long.parseLong(p.trim()));
    }
    if (pids.size() != all.size()) {
      throw new IllegalArgumentException("--pids needs one pid per endpoint, in the same order");
    }
    Failover.Plan plan = new Failover.Plan(all, pids, o.getInt("clients", 16), o.getDouble("warmup", 2),
        o.getDouble("max", 30), o.getInt("timeout-ms", 500), seed);
    o.checkAllRead();
    return Failover.run(result, plan);
  }

  /**
   * Runs the v3 put workload against {@link TrivialServer}: what the generator can do at most.
   * Also checks the generator's own instruments, so that a broken histogram or a connection
   * that is not reused shows up as an error rather than as plausible numbers.
   */
  private static StepResult selftest(Options o, long seed, StepResult result) throws Exception {
    int clients = o.getInt("clients", 64);
    try (TrivialServer server = new TrivialServer()) {
      ClosedLoop.Plan plan = new ClosedLoop.Plan(List.of(server.endpoint()), clients,
          o.getDouble("warmup", 1), o.getDouble("measure", 3), 0, 0, o.getInt("timeout-ms", 5000), seed);
      o.checkAllRead();
      ClosedLoop.run(result, plan, Workload.v3Put());
    }
    java.util.Map<String, Long> problems = new java.util.TreeMap<>(Histogram.selfCheck());
    if (!result.get("conns").equals(String.valueOf(clients))) {
      problems.put("keep-alive: " + result.get("conns") + " connections opened for " + clients + " clients", 1L);
    }
    return result.errors(problems);
  }

  private static StepResult waitForCluster(Options o, StepResult result) {
    List<Endpoint> all = Endpoint.parseList(o.required("endpoints"));
    long deadline = System.nanoTime() + ClosedLoop.secondsToNanos(o.getDouble("timeout", 60));
    o.checkAllRead();
    long start = System.nanoTime();
    while (System.nanoTime() < deadline) {
      if (all.stream().allMatch(Cluster::healthy) && Cluster.leaderIndex(all) >= 0) {
        return result.put("ready_ms", StepResult.ms((System.nanoTime() - start) / 1000));
      }
      ClosedLoop.pause(100);
    }
    System.out.println("cluster not ready: " + all);
    System.exit(1);
    return result;
  }

  /** --target leader: only the member that leads now; all (default): every endpoint. */
  private static List<Endpoint> targets(Options o) {
    List<Endpoint> all = Endpoint.parseList(o.required("endpoints"));
    return o.get("target", "all").equals("leader") ? List.of(leaderOf(all)) : all;
  }

  private static Endpoint leaderOf(List<Endpoint> all) {
    int leader = Cluster.awaitLeader(all, 10_000);
    if (leader < 0) {
      throw new IllegalStateException("no member of " + all + " leads within 10 s");
    }
    return all.get(leader);
  }
}
