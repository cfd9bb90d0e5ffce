package coreactor.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop load: each of N clients owns one keep-alive connection (client i talks to
 * target i mod targets) and sends its next request as soon as the previous one is answered.
 * Requests started in the warm-up are not recorded. A step is bounded both ways: by its
 * duration or request count, and by a hard deadline after which blocked sockets are closed.
 */
final class ClosedLoop {
  /** What to run: count > 0 means a fixed number of requests (no warm-up), else a duration. */
  record Plan(List<Endpoint> targets, int clients, double warmupSec, double measureSec,
      long count, double maxSec, int timeoutMs, long seed) {}

  private ClosedLoop() {}

  static StepResult run(StepResult result, Plan plan, Workload workload) throws InterruptedException {
    long start = System.nanoTime();
    boolean fixedCount = plan.count() > 0;
    long measureStart = start + (fixedCount ? 0 : secondsToNanos(plan.warmupSec()));
    long measureEnd = fixedCount ? start + secondsToNanos(plan.maxSec())
        : measureStart + secondsToNanos(plan.measureSec());
    AtomicLong budget = new AtomicLong(fixedCount ? plan.count() : Long.MAX_VALUE);

    SplittableRandom root = new SplittableRandom(plan.seed());
    List<Client> clients = new ArrayList<>();
    for (int i = 0; i < plan.clients(); i++) {
      Endpoint target = plan.targets().get(i % plan.targets().size());
      clients.add(new Client(new HttpConnection(target, plan.timeoutMs()), root.split(),
          workload, measureStart, measureEnd, budget));
    }
    List<Thread> threads = new ArrayList<>();
    for (Client c : clients) {
      Thread t = new Thread(c, "client-" + threads.size());
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }

    sleepUntil(measureStart);
    long cpuAtStart = processCpuNanos();
    int stuck = joinAll(threads, clients, measureEnd + plan.timeoutMs() * 1_000_000L + 2_000_000_000L);
    long cpuAtEnd = processCpuNanos();

    Histogram all = new Histogram();
    Map<String, Long> errors = new HashMap<>();
    long lastDone = measureStart;
    int opens = 0;
    for (int i = 0; i < clients.size(); i++) {
      Client c = clients.get(i);
      if (threads.get(i).isAlive()) {
        continue; // still inside a closed socket's read: its numbers are not safe to read
      }
      all.add(c.latencies);
      c.errors.forEach((k, v) -> errors.merge(k, v, Long::sum));
      lastDone = Math.max(lastDone, c.lastDone);
      opens += c.connection.opens();
    }
    if (stuck > 0) {
      errors.merge("client stuck past the step deadline", (long) stuck, Long::sum);
    }
    double seconds = Math.max(1e-9, (lastDone - measureStart) / 1e9);
    return result.put("clients", plan.clients())
        .put("targets", plan.targets().size())
        .put("ok", all.count())
        .put("seconds", String.format("%.3f", seconds))
        .put("rps", String.format("%.1f", all.count() / seconds))
        .latency(all)
        .errors(errors)
        .put("conns", opens)
        .put("lg_cpu", String.format("%.2f", (cpuAtEnd - cpuAtStart) / 1e9 / seconds));
  }

  /** Joins every client thread by the deadline; past it, closes sockets to unblock them. */
  private static int joinAll(List<Thread> threads, List<Client> clients, long deadline)
      throws InterruptedException {
    for (Thread t : threads) {
      long left = (deadline - System.nanoTime()) / 1_000_000L;
      if (left > 0) {
        t.join(left);
      }
    }
    int stuck = 0;
    for (int i = 0; i < threads.size(); i++) {
      if (threads.get(i).isAlive()) {
        clients.get(i).connection.close();
        threads.get(i).join(1000);
        stuck += threads.get(i).isAlive() ? 1 : 0;
      }
    }
    return stuck;
  }

  private static final class Client implements Runnable {
    final HttpConnection connection;
    final SplittableRandom rnd;
    final Workload workload;
    final long measureStart;
    final long measureEnd;
    final AtomicLong budget;
    final Histogram latencies = new Histogram();
    final Map<String, Long> errors = new HashMap<>();
    long lastDone;

    Client(HttpConnection connection, SplittableRandom rnd, Workload workload, long measureStart,
        long measureEnd, AtomicLong budget) {
      this.connection = connection;
      this.rnd = rnd;
      this.workload = workload;
      this.measureStart = measureStart;
      this.measureEnd = measureEnd;
      this.budget = budget;
    }

    @Override
    public void run() {
      try {
        while (System.nanoTime() < measureEnd && budget.getAndDecrement() > 0) {
          byte[] request = workload.next(connection.endpoint(), rnd);
          long t0 = System.nanoTime();
          String error;
          try {
            error = workload.check(connection.exchange(request));
          } catch (IOException e) {
            error = e instanceof java.net.SocketTimeoutException ? "timeout" : "io " + e.getMessage();
            pause(20); // a refused or reset connection must not turn into a busy loop
          }
          long t1 = System.nanoTime();
          if (t0 >= measureStart && t0 < measureEnd) {
            if (error == null) {
              latencies.record((t1 - t0) / 1000);
              lastDone = t1;
            } else {
              errors.merge(error, 1L, Long::sum);
            }
          }
        }
      } finally {
        connection.close();
      }
    }
  }

  static long processCpuNanos() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime();
    }
    return 0;
  }

  static long secondsToNanos(double seconds) {
    return (long) (seconds * 1e9);
  }

  static void sleepUntil(long nanoTime) throws InterruptedException {
    long left = nanoTime - System.nanoTime();
    if (left > 0) {
      Thread.sleep(left / 1_000_000L, (int) (left % 1_000_000L));
    }
  }

  static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
