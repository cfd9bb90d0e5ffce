package io.coreactor.consensus.storage;

import io.coreactor.consensus.raft.ConfState;
import io.coreactor.consensus.raft.Entry;
import io.coreactor.consensus.raft.HardState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Times synced group commits; run by hand, not by the build. Argument: a directory on the
 * disk to measure (default: the system temp directory), since fsync cost is the disk's.
 */
public final class StorageBenchmark {

  private StorageBenchmark() {}

  public static void main(String[] args) throws IOException {
    Path base = Files.createTempDirectory(args.length > 0 ? Path.of(args[0]) : Path.of(System.getProperty("java.io.tmpdir")), "bench");
    try {
      run(base.resolve("warmup"), 1_000, 1, 1_000);
      run(base.resolve("single"), 10_000, 1, 128);
      run(base.resolve("batched"), 100, 100, 256);
    } finally {
      try (Stream<Path> files = Files.walk(base)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void run(Path dir, int persists, int entriesPerPersist, int entryBytes) {
    try (LevelDbRaftStorage s = LevelDbRaftStorage.open(dir, 1)) {
      s.bootstrap(ConfState.ofVoters(List.of(1L)));
      byte[] data = new byte[entryBytes];
      long index = 1;
      long start = System.nanoTime();
      for (int p = 0; p < persists; p++) {
        List<Entry> batch = new ArrayList<>(entriesPerPersist);
        for (int i = 0; i < entriesPerPersist; i++, index++) {
          batch.add(Entry.normal(index, 1, data));
        }
        s.persist(null, batch, new HardState(1, 1, index - 1));
      }
      long nanos = System.nanoTime() - start;
      long entries = (long) persists * entriesPerPersist;
      System.out.printf("%s: %,d persists x %d entries x %d B: %,d ms total, %.3f ms/persist, %,.0f entries/s, %.1f MB/s%n",
          dir.getFileName(), persists, entriesPerPersist, entryBytes, nanos / 1_000_000, nanos / 1e6 / persists,
          entries / (nanos / 1e9), entries * entryBytes / (nanos / 1e9) / 1e6);
    }
  }
}
