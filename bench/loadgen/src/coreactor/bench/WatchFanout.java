package coreactor.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Watch fan-out: W watchers (v3 /v3/watch streams, spread over the members) on one prefix;
 * round after round, one put under the prefix to the leader, and the time from sending that
 * put until the last watcher has its notification. Rounds are sequential, so each one
 * measures delivery to an idle set of watchers.
 */
final class WatchFanout {
  /** The watched prefix; round r puts key "wf/" + r (8 bytes like every other key). */
  private static final String PREFIX = "wf/";

  record Plan(List<Endpoint> watchTargets, Endpoint putTarget, int watchers, int rounds,
      int roundTimeoutMs, long seed) {}

  private WatchFanout() {}

  static StepResult run(StepResult result, Plan plan) throws InterruptedException {
    String runTag = Long.toString(Math.floorMod(plan.seed(), 36L * 36), 36); // keys differ per run
    List<Watcher> watchers = new ArrayList<>();
    CountDownLatch created = new CountDownLatch(plan.watchers());
    Round[] rounds = new Round[plan.rounds()];
    for (int r = 0; r < rounds.length; r++) {
      rounds[r] = new Round(plan.watchers());
    }
    Map<String, Integer> roundOfKey = new HashMap<>();
    for (int r = 0; r < rounds.length; r++) {
      roundOfKey.put(Request.b64(key(runTag, r)), r);
    }
    for (int i = 0; i < plan.watchers(); i++) {
      Endpoint e = plan.watchTargets().get(i % plan.watchTargets().size());
      Watcher w = new Watcher(i, new HttpConnection(e, 5000), created, rounds, roundOfKey);
      watchers.add(w);
      w.thread.start();
    }

    Histogram fanout = new Histogram(); // put sent -> last watcher notified
    Histogram delivery = new Histogram(); // put sent -> each watcher notified
    Histogram putLatency = new Histogram();
    Map<String, Long> errors = new HashMap<>();
    try (HttpConnection put = new HttpConnection(plan.putTarget(), 5000)) {
      if (!created.await(10, TimeUnit.SECONDS)) {
        errors.put("watchers not created within 10 s", created.getCount());
      } else {
        for (int r = 0; r < rounds.length; r++) {
          runRound(r, rounds[r], put, runTag, plan, fanout, delivery, putLatency, errors);
        }
      }
    } finally {
      watchers.forEach(Watcher::stop);
    }
    return result.put("watchers", plan.watchers())
        .put("rounds", plan.rounds())
        .latency(fanout)
        .put("delivery_p50_ms", StepResult.ms(delivery.percentile(0.5)))
        .put("delivery_p99_ms", StepResult.ms(delivery.percentile(0.99)))
        .put("put_p50_ms", StepResult.ms(putLatency.percentile(0.5)))
        .errors(errors);
  }

  private static void runRound(int r, Round round, HttpConnection put, String runTag, Plan plan,
      Histogram fanout, Histogram delivery, Histogram putLatency, Map<String, Long> errors)
      throws InterruptedException {
    byte[] request = Request.v3Put(plan.putTarget(), key(runTag, r), "v");
    long t0 = System.nanoTime();
    try {
      String error = Workload.expectStatus(put.exchange(request), 200);
      if (error != null) {
        errors.merge("put " + error, 1L, Long::sum);
        return;
      }
      putLatency.record((System.nanoTime() - t0) / 1000);
    } catch (IOException e) {
      errors.merge("put io " + e.getMessage(), 1L, Long::sum);
      return;
    }
    if (!round.allNotified.await(plan.roundTimeoutMs(), TimeUnit.MILLISECONDS)) {
      errors.merge("notification missing after " + plan.roundTimeoutMs() + " ms",
          round.allNotified.getCount(), Long::sum);
      return;
    }
    long last = 0;
    for (int w = 0; w < round.arrivals.length(); w++) {
      long at = round.arrivals.get(w);
      delivery.record((at - t0) / 1000);
      last = Math.max(last, at);
    }
    fanout.record((last - t0) / 1000);
  }

  private static String key(String runTag, int round) {
    return PREFIX + runTag + String.format("%03d", round % 1000); // 3 + 2 + 3 = 8 bytes
  }

  /** One round's notification times, one slot per watcher. */
  private static final class Round {
    final AtomicLongArray arrivals;
    final CountDownLatch allNotified;

    Round(int watchers) {
      arrivals = new AtomicLongArray(watchers);
      allNotified = new CountDownLatch(watchers);
    }
  }

  /** One watch stream and the thread that reads it line by line. */
  private static final class Watcher {
    private static final String KEY_FIELD = "\"key\":\"";
    final int index;
    final HttpConnection connection;
    final CountDownLatch created;
    final Round[] rounds;
    final Map<String, Integer> roundOfKey;
    final Thread thread;
    volatile boolean stopping;

    Watcher(int index, HttpConnection connection, CountDownLatch created, Round[] rounds,
        Map<String, Integer> roundOfKey) {
      this.index = index;
      this.connection = connection;
      this.created = created;
      this.rounds = rounds;
      this.roundOfKey = roundOfKey;
      this.thread = new Thread(this::read, "watcher-" + index);
      thread.setDaemon(true);
    }

    void read() {
      Endpoint e = connection.endpoint();
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(
          connection.openStream(Request.v3WatchPrefix(e, PREFIX), 0), StandardCharsets.UTF_8))) {
        // One JSON message per line, as grpc-gateway streams them; spaces dropped so that a
        // server that pretty-prints ("created": true) reads the same (base64 has none).
        for (String raw = lines.readLine(); raw != null; raw = lines.readLine()) {
          long now = System.nanoTime();
          String line = raw.replace(" ", "");
          if (line.contains("\"created\":true")) {
            created.countDown();
          }
          for (int at = line.indexOf(KEY_FIELD); at >= 0; at = line.indexOf(KEY_FIELD, at + 1)) {
            int from = at + KEY_FIELD.length();
            Integer r = roundOfKey.get(line.substring(from, line.indexOf('"', from)));
            if (r != null && rounds[r].arrivals.compareAndSet(index, 0, now)) {
              rounds[r].allNotified.countDown();
            }
          }
        }
      } catch (IOException | RuntimeException ex) {
        if (!stopping) {
          System.err.println("watcher " + index + " on " + e + " ended: " + ex);
        }
      }
    }

    void stop() {
      stopping = true;
      connection.close();
    }
  }
}
