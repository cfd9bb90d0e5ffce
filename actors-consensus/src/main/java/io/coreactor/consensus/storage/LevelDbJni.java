package io.coreactor.consensus.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.Options;
import org.iq80.leveldb.ReadOptions;
import org.iq80.leveldb.WriteBatch;
import org.iq80.leveldb.WriteOptions;

/**
 * leveldbjni 1.8 (HawtJNI) fills its JNI field caches on the first use of each native struct
 * without a lock: two threads making their first LevelDB call at once can crash the JVM
 * (SIGSEGV in jni_GetFieldID, seen with three nodes' storage threads opening together). Every
 * kind of call the storage makes is therefore made once, from one thread, on a throwaway
 * database, before any store opens.
 */
final class LevelDbJni {

  private static boolean warm;

  private LevelDbJni() {}

  static synchronized void warmUp() {
    if (warm) {
      return;
    }
    Path dir = null;
    try {
      dir = Files.createTempDirectory("coreactor-leveldb-warmup");
      Options options = new Options().createIfMissing(true).paranoidChecks(true);
      try (DB db = JniDBFactory.factory.open(dir.toFile(), options)) {
        db.put(new byte[] {1}, new byte[] {1}, new WriteOptions().sync(false));
        try (WriteBatch batch = db.createWriteBatch()) {
          batch.put(new byte[] {2}, new byte[] {2});
          batch.delete(new byte[] {1});
          db.write(batch, new WriteOptions().sync(false));
        }
        db.get(new byte[] {2}, new ReadOptions().verifyChecksums(true));
        try (DBIterator it = db.iterator(new ReadOptions().fillCache(false))) {
          it.seekToFirst();
          while (it.hasNext()) {
            it.next();
          }
        }
      }
      JniDBFactory.factory.destroy(dir.toFile(), new Options());
      warm = true;
    } catch (IOException e) {
      throw new StorageException("cannot initialise LevelDB in a temporary directory", e);
    } finally {
      deleteQuietly(dir);
    }
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a leftover temp dir is harmless
    }
  }
}
