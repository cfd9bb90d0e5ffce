package io.coreactor.consensus.storage;

import io.coreactor.consensus.raft.Entry;
import io.coreactor.consensus.raft.HardState;
import io.coreactor.consensus.raft.Snapshot;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The process {@link KillMidWriteTest} kills: writes to the store forever, announcing each
 * operation before it starts ({@code will ...}) and after it returns ({@code acked ...}).
 * Every line ends in {@code ok} so that a line torn by the kill is recognizable.
 * Arguments: data directory, workload seed, run seed.
 */
public final class KillMidWriteChild {

  private KillMidWriteChild() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long seed = Long.parseLong(args[1]);
    SplittableRandom rng = new SplittableRandom(Long.parseLong(args[2]));
    exitWhenParentGoes();
    try (LevelDbRaftStorage s = LevelDbRaftStorage.open(dir, 1)) {
      long snap = s.firstIndex() - 1;
      long last = s.lastIndex();
      long commit = s.hardState().commit();
      long term = Math.max(1, Math.max(s.hardState().term(), s.term(last)));
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (System.nanoTime() < deadline) {
        int r = rng.nextInt(100);
        long floor = Math.max(commit, snap);
        List<Entry> entries = List.of();
        Snapshot snapshot = null;
        if (r < 12 && last > floor) {
          // A new leader overwrites an uncommitted suffix.
          term++;
          long from = rng.nextLong(floor + 1, last + 1);
          entries = KillWorkload.entries(seed, from, from + rng.nextInt(6), term);
          say("will append " + from + " " + (from + entries.size() - 1) + " " + term + " " + term + " " + commit);
          s.persist(null, entries, new HardState(term, 1, commit));
        } else if (r < 22 && commit > snap) {
          long index = rng.nextLong(snap + 1, commit + 1);
          snapshot = KillWorkload.snapshot(seed, index, s.term(index));
          say("will compact " + index + " " + snapshot.term());
          s.saveSnapshot(snapshot);
        } else if (r < 27) {
          // InstallSnapshot from a leader that is ahead, with the entries after it.
          term++;
          long index = last + 1 + rng.nextInt(5);
          snapshot = KillWorkload.snapshot(seed, index, term);
          entries = KillWorkload.entries(seed, index + 1, index + rng.nextInt(4), term);
          commit = index + rng.nextInt(entries.size() + 1);
          say("will install " + index + " " + term + " " + (index + 1) + " " + (index + entries.size())
              + " " + term + " " + term + " " + commit);
          s.persist(snapshot, entries, new HardState(term, 1, commit));
        } else {
          entries = KillWorkload.entries(seed, last + 1, last + 1 + rng.nextInt(8), term);
          long to = last + entries.size();
          commit = commit + rng.nextLong(to - commit + 1);
          say("will append " + (last + 1) + " " + to + " " + term + " " + term + " " + commit);
          s.persist(null, entries, new HardState(term, 1, commit));
        }
        snap = s.firstIndex() - 1;
        last = s.lastIndex();
        say("acked " + last + " " + KillWorkload.crc(entries, snapshot));
      }
    }
  }

  private static void say(String line) {
    System.out.println(line + " ok");
    System.out.flush();
  }

  /** A child outliving a crashed test would write forever: stop when stdin closes. */
  private static void exitWhenParentGoes() {
    Thread watchdog = new Thread(() -> {
      try {
        while (System.in.read() != -1) {
          // Nothing is ever sent; only the end of the stream matters.
        }
      } catch (Exception ignored) {
        // Same as end of stream.
      }
      Runtime.getRuntime().halt(3);
    }, "parent-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }
}
