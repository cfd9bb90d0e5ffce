package io.coreactor.consensus.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.coreactor.consensus.raft.HardState;
import io.coreactor.consensus.raft.PersistentState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILLs a writing process at random points and checks that the store it leaves is exactly
 * the state after the last acknowledged write, or after the one in flight: nothing acked is
 * lost, nothing is torn. The workload replays with {@code -Dcoreactor.kill.seed=...}; where the
 * kills land depends on timing and does not. {@code -Dcoreactor.kill.rounds=...} sets the number of kills.
 */
class KillMidWriteTest {

  /** Five kills keep the test to a few seconds; raise it for a soak run. */
  private static final int ROUNDS = Integer.getInteger("coreactor.kill.rounds", 5);
  private static final long ROUND_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);

  @TempDir Path tmp;

  @Test
  void everyAcknowledgedWriteSurvivesSigkillAndNothingIsTorn() throws Exception {
    long seed = Long.getLong("coreactor.kill.seed", System.nanoTime());
    System.out.println("KillMidWriteTest seed " + seed + " (replay with -Dcoreactor.kill.seed=" + seed + ")");
    SplittableRandom rng = new SplittableRandom(seed);
    Path store = tmp.resolve("store");
    try (LevelDbRaftStorage s = LevelDbRaftStorage.open(store, 1)) {
      s.bootstrap(KillWorkload.CONF);
    }
    LogModel model = LogModel.bootstrapped();
    int totalAcks = 0;
    for (int round = 0; round < ROUNDS; round++) {
      String where = "seed " + seed + ", round " + round;
      int acksBeforeKill = 1 + rng.nextInt(50);
      Path stderr = tmp.resolve("child-" + round + ".err");
      Path stdout = tmp.resolve("child-" + round + ".out");
      Process child = startChild(store, seed, seed * 31 + round, stdout, stderr);
      OutputTail output = new OutputTail(stdout);
      Tracker tracker = new Tracker(model, seed, where);

      long deadline = System.nanoTime() + ROUND_TIMEOUT_NANOS;
      while (tracker.acks < acksBeforeKill) {
        List<String> lines = output.poll();
        lines.forEach(tracker::accept);
        if (lines.isEmpty()) {
          if (!child.isAlive() || System.nanoTime() > deadline) {
            child.destroyForcibly();
            fail(where + ": child stopped after " + tracker.acks + " acks; stderr:\n" + Files.readString(stderr));
          }
          LockSupport.parkNanos(200_000);
        }
      }
      // Land the kill anywhere in a later write: the child has not stopped writing.
      LockSupport.parkNanos(rng.nextLong(2_000_000));
      child.destroyForcibly();
      assertThat(child.waitFor(10, TimeUnit.SECONDS)).as(where + ": child died").isTrue();
      output.rest().forEach(tracker::accept);
      totalAcks += tracker.acks;

      try (LevelDbRaftStorage s = LevelDbRaftStorage.open(store, 1)) {
        PersistentState actual = s.load();
        model = tracker.check(actual);
        assertThat(s.term(s.firstIndex() - 1)).isEqualTo(actual.snapshot().term());
      }
    }
    System.out.println("KillMidWriteTest: " + ROUNDS + " kills, " + totalAcks + " acknowledged writes, final "
        + model);
    assertThat(totalAcks).isGreaterThanOrEqualTo(ROUNDS);
  }

  /** Follows the child's announcements: the acknowledged state and the one that may be in flight. */
  private static final class Tracker {
    private final long seed;
    private final String where;
    private LogModel acked;
    private LogModel pending;
    private long pendingCrc;
    int acks;

    Tracker(LogModel start, long seed, String where) {
      this.acked = start;
      this.seed = seed;
      this.where = where;
    }

    void accept(String line) {
      if (!line.endsWith(" ok")) {
        return; // torn by the kill: the operation it announced never started
      }
      String[] f = line.split(" ");
      switch (f[0] + " " + f[1]) {
        case "will append" -> {
          long from = n(f[2]), to = n(f[3]), term = n(f[4]);
          pending = acked.append(from, to, term, new HardState(n(f[5]), 1, n(f[6])));
          pendingCrc = KillWorkload.crc(KillWorkload.entries(seed, from, to, term), null);
        }
        case "will compact" -> {
          long index = n(f[2]), term = n(f[3]);
          assertThat(acked.term(index)).as(where + ": " + line).isEqualTo(term);
          pending = acked.snapshot(index, term);
          pendingCrc = KillWorkload.crc(List.of(), KillWorkload.snapshot(seed, index, term));
        }
        case "will install" -> {
          long index = n(f[2]), term = n(f[3]), from = n(f[4]), to = n(f[5]), entryTerm = n(f[6]);
          HardState hs = new HardState(n(f[7]), 1, n(f[8]));
          LogModel snap = acked.snapshot(index, term);
          pending = from <= to ? snap.append(from, to, entryTerm, hs) : snap.withHardState(hs);
          pendingCrc = KillWorkload.crc(KillWorkload.entries(seed, from, to, entryTerm),
              KillWorkload.snapshot(seed, index, term));
        }
        default -> {
          assertThat(f[0]).as(where + ": unexpected line " + line).isEqualTo("acked");
          assertThat(pending).as(where + ": ack without announcement").isNotNull();
          assertThat(n(f[1])).as(where + ": last index after " + line).isEqualTo(pending.lastIndex());
          assertThat(n(f[2])).as(where + ": content checksum, parent and child disagree").isEqualTo(pendingCrc);
          acked = pending;
          pending = null;
          acks++;
        }
      }
    }

    /** The store must be the acknowledged state, or the in-flight write applied whole. */
    LogModel check(PersistentState actual) {
      if (actual.equals(acked.expected(seed))) {
        return acked;
      }
      if (pending != null && actual.equals(pending.expected(seed))) {
        return pending;
      }
      fail(where + ": after the kill the store holds\n  " + LogModel.of(actual)
          + "\nbut it must be the acknowledged state\n  " + acked + "\n  " + firstDifference(actual, acked)
          + (pending == null ? "" : "\nor the one in flight\n  " + pending + "\n  " + firstDifference(actual, pending)));
      return null;
    }

    private String firstDifference(PersistentState actual, LogModel model) {
      PersistentState expected = model.expected(seed);
      if (!actual.hardState().equals(expected.hardState())) {
        return "hard state " + actual.hardState() + " instead of " + expected.hardState();
      }
      if (!actual.snapshot().equals(expected.snapshot())) {
        return "snapshot " + actual.snapshot() + " instead of " + expected.snapshot();
      }
      for (int i = 0; i < Math.max(actual.entries().size(), expected.entries().size()); i++) {
        Object a = i < actual.entries().size() ? actual.entries().get(i) : "nothing";
        Object e = i < expected.entries().size() ? expected.entries().get(i) : "nothing";
        if (!a.equals(e)) {
          return "entry #" + i + " is " + a + " instead of " + e;
        }
      }
      return "no difference";
    }

    private static long n(String s) {
      return Long.parseLong(s);
    }
  }

  private Process startChild(Path store, long seed, long runSeed, Path stdout, Path stderr) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java,
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m",
        // leveldbjni unpacks its native library per JVM; keep killed children's copies in the temp dir.
        "-Djava.io.tmpdir=" + tmp,
        "-cp", System.getProperty("java.class.path"),
        KillMidWriteChild.class.getName(), store.toString(), Long.toString(seed), Long.toString(runSeed));
    pb.redirectOutput(stdout.toFile());
    pb.redirectError(stderr.toFile());
    return pb.start();
  }
}
