package io.coreactor.consensus.storage;

import static org.fusesource.leveldbjni.JniDBFactory.factory;

import io.coreactor.consensus.raft.Entry;
import io.coreactor.consensus.raft.HardState;
import io.coreactor.consensus.raft.SnapshotMeta;
import io.coreactor.consensus.storage.EntryCodec.SnapshotRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBException;
import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.WriteBatch;
import org.iq80.leveldb.Options;
import org.iq80.leveldb.ReadOptions;
import org.iq80.leveldb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a data directory and proves it is ours and whole before anything is written: a
 * foreign, corrupt or mismatched directory is reported, never reset. Only a brand-new
 * directory gets the format marker and node id; only a verified one loses its orphaned
 * snapshot files.
 */
final class LevelDbOpener {

  private static final Logger LOG = LoggerFactory.getLogger(LevelDbOpener.class);

  static final ReadOptions VERIFY = new ReadOptions().verifyChecksums(true);
  private static final Pattern CREATION_FILES = Pattern.compile("LOCK|LOG|LOG\\.old|MANIFEST-[0-9]+|[0-9]+\\.dbtmp");

  private final Path dataDir;
  private final Path raftDir;
  private final SnapshotFiles snapshots;

  private LevelDbOpener(Path dataDir) {
    this.dataDir = dataDir.toAbsolutePath();
    this.raftDir = this.dataDir.resolve("raft");
    this.snapshots = new SnapshotFiles(this.dataDir.resolve("snap"));
  }

  /** The recovered pieces, handed to the storage's constructor. */
  record Opened(Path dataDir, DB db, SnapshotFiles snapshots, LogState state) {}

  static Opened open(Path dataDir, long nodeId) {
    return new LevelDbOpener(dataDir).open(nodeId);
  }

  private Opened open(long nodeId) {
    boolean fresh = checkRaftDir();
    DB db = openDb(fresh);
    try {
      checkIdentity(db, nodeId);
      long[] oldestStored = new long[1];
      LogState state = recover(db, oldestStored);
      deleteCovered(db, oldestStored[0], state.firstIndex());
      Files.createDirectories(snapshots.dir());
      // Only now that the store is proven whole may files it does not reference go.
      snapshots.deleteAllExcept(state.snapshotStored()
          ? snapshots.pathOf(state.snapshot().index(), state.snapshot().term()) : null);
      return new Opened(dataDir, db, snapshots, state);
    } catch (IOException | RuntimeException e) {
      // Whatever failed, release LevelDB's lock: this process may want to open the store again.
      closeQuietly(db);
      if (e instanceof StorageException se) {
        throw se;
      }
      throw new StorageException("cannot open Raft storage in " + dataDir + ": " + e, e);
    }
  }

  /** Returns true when the LevelDB does not exist yet. */
  private boolean checkRaftDir() {
    if (Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
      throw new StorageException("data directory " + dataDir + " is not a directory");
    }
    if (!Files.exists(raftDir)) {
      return checkNoOrphanedSnapshots();
    }
    if (!Files.isDirectory(raftDir)) {
      throw new StorageException(raftDir + " is not a directory, so " + dataDir + " is not a coreactor Raft store");
    }
    boolean onlyCreationLeftovers;
    try (Stream<Path> files = Files.list(raftDir)) {
      onlyCreationLeftovers = files.allMatch(p -> CREATION_FILES.matcher(p.getFileName().toString()).matches());
    } catch (IOException e) {
      throw new StorageException("cannot list " + raftDir + ": " + e, e);
    }
    if (Files.isRegularFile(raftDir.resolve("CURRENT"))) {
      return false;
    }
    // LevelDB writes CURRENT last when it creates a database, so without it a crash during
    // the very first open left at most these files, and nothing of ours.
    if (onlyCreationLeftovers) {
      return checkNoOrphanedSnapshots();
    }
    // Letting LevelDB open any other directory without CURRENT would create a new database
    // beside whatever is there: refuse instead.
    throw new StorageException(raftDir + " holds files but is not a LevelDB (no CURRENT file), so "
        + dataDir + " is not a coreactor Raft store; refusing to touch it");
  }

  private DB openDb(boolean fresh) {
    try {
      Files.createDirectories(raftDir);
      return factory.open(raftDir.toFile(), options(fresh, true));
    } catch (IOException | DBException e) {
      String why = String.valueOf(e.getMessage());
      if (why.startsWith("Corruption")) {
        return recoverFromTornWrite(e);
      }
      throw cannotOpen(why.contains("lock") ? "it is open in another process or storage instance"
          : "it is unreadable or not a LevelDB", e);
    }
  }

  /**
   * A crash during a write leaves its unfinished record at the end of LevelDB's log, which
   * this LevelDB (1.8) calls corruption under paranoid checks. When that is provably all that
   * is wrong, let LevelDB's own non-paranoid recovery drop the record, as later LevelDB
   * releases do by default, then reopen with paranoid checks. This runs before the format
   * marker can be read, so a foreign LevelDB with a torn write loses that write too before
   * being refused, as it would when opened by a newer LevelDB.
   */
  private DB recoverFromTornWrite(Exception corruption) {
    Optional<String> torn;
    try {
      torn = LevelDbWalTail.tornWrite(raftDir);
    } catch (IOException e) {
      corruption.addSuppressed(e);
      torn = Optional.empty();
    }
    if (torn.isEmpty()) {
      throw cannotOpen("LevelDB reports corruption", corruption);
    }
    LOG.warn("Discarding the unfinished write a crash left at the end of the LevelDB log in {}: {}",
        raftDir, torn.get());
    try {
      factory.open(raftDir.toFile(), options(false, false)).close();
      return factory.open(raftDir.toFile(), options(false, true));
    } catch (IOException | DBException e) {
      e.addSuppressed(corruption);
      throw cannotOpen("LevelDB reports corruption even after dropping an unfinished write", e);
    }
  }

  private static Options options(boolean create, boolean paranoid) {
    return new Options().createIfMissing(create).paranoidChecks(paranoid);
  }

  private StorageException cannotOpen(String what, Exception cause) {
    return new StorageException("cannot open the LevelDB in " + raftDir + ": " + what
        + " (" + cause.getMessage() + ")", cause);
  }

  private void checkIdentity(DB db, long nodeId) throws IOException {
    byte[] marker = db.get(StorageKeys.FORMAT, VERIFY);
    if (marker == null) {
      if (hasAnyKey(db)) {
        throw new StorageException("data directory " + dataDir + " is not a coreactor Raft store:"
            + " its LevelDB has data but no '" + StorageKeys.FORMAT_MARKER + "' format marker");
      }
      checkNoOrphanedSnapshots();
      // The marker and the id go in one synced batch: a store is either claimed or untouched.
      try (var batch = db.createWriteBatch()) {
        batch.put(StorageKeys.FORMAT, StorageKeys.FORMAT_MARKER.getBytes(StandardCharsets.US_ASCII));
        batch.put(StorageKeys.NODE_ID, EntryCodec.encodeNodeId(nodeId));
        db.write(batch, new WriteOptions().sync(true));
      }
      return;
    }
    String format = new String(marker, StandardCharsets.US_ASCII);
    if (!format.equals(StorageKeys.FORMAT_MARKER)) {
      throw new StorageException("data directory " + dataDir + " has storage format '" + format
          + "', this build reads only '" + StorageKeys.FORMAT_MARKER + "'");
    }
    byte[] id = db.get(StorageKeys.NODE_ID, VERIFY);
    if (id == null) {
      throw new StorageException("data directory " + dataDir + " is corrupt: format marker without a node id");
    }
    long stored = EntryCodec.decodeNodeId(id);
    if (stored != nodeId) {
      throw new StorageException("data directory " + dataDir + " belongs to node " + stored
          + ", not to node " + nodeId);
    }
  }

  /**
   * Reads the hard state and snapshot, then walks the whole log checking it is one piece.
   * Entries the snapshot covers are skipped: a compaction deletes them a chunk per later
   * write, so a crash can leave some (see {@link LogWrites#dropCoveredBy}). The first stored
   * index goes to {@code oldestStored[0]}.
   */
  private LogState recover(DB db, long[] oldestStored) throws IOException {
    byte[] hsValue = db.get(StorageKeys.HARD_STATE, VERIFY);
    HardState hs = hsValue == null ? HardState.EMPTY : EntryCodec.decodeHardState(hsValue);
    byte[] refValue = db.get(StorageKeys.SNAPSHOT, VERIFY);
    LogState state = LogState.EMPTY.withHardState(hs);
    if (refValue != null) {
      SnapshotRef ref = EntryCodec.decodeSnapshotRef(refValue);
      SnapshotMeta meta = snapshots.verify(ref.index(), ref.term());
      state = state.withSnapshot(meta).withLog(meta.index(), meta.term());
    }
    try (DBIterator it = db.iterator(VERIFY)) {
      it.seek(StorageKeys.FIRST_ENTRY);
      oldestStored[0] = state.firstIndex();
      if (it.hasNext() && StorageKeys.isEntry(it.peekNext().getKey())
          && StorageKeys.indexOf(it.peekNext().getKey()) < state.firstIndex()) {
        oldestStored[0] = StorageKeys.indexOf(it.peekNext().getKey());
        it.seek(StorageKeys.entry(state.firstIndex()));
      }
      long expected = state.firstIndex();
      long lastTerm = state.lastTerm();
      while (it.hasNext()) {
        Map.Entry<byte[], byte[]> kv = it.next();
        byte[] key = kv.getKey();
        if (key[0] != StorageKeys.ENTRY) {
          break;
        }
        if (!StorageKeys.isEntry(key)) {
          throw inconsistent("a log key of " + key.length + " bytes");
        }
        long index = StorageKeys.indexOf(key);
        if (index != expected) {
          throw inconsistent(expected == state.firstIndex()
              ? "the first entry is " + index + " but the snapshot ends at " + state.snapshot().index()
              : "entry " + index + " follows entry " + (expected - 1) + ": the log has a gap");
        }
        Entry e = decode(kv.getValue(), index);
        if (e.index() != index || e.term() < lastTerm) {
          throw inconsistent("entry stored at " + index + " is " + e + " after term " + lastTerm);
        }
        lastTerm = e.term();
        expected++;
      }
      return state.withLog(expected - 1, lastTerm);
    }
  }

  /** Deletes the stored entries in [from, firstIndex), which the snapshot covers. */
  private static void deleteCovered(DB db, long from, long firstIndex) throws IOException {
    if (from >= firstIndex) {
      return;
    }
    try (DBIterator it = db.iterator(VERIFY)) {
      it.seek(StorageKeys.entry(from));
      WriteBatch batch = db.createWriteBatch();
      int n = 0;
      while (it.hasNext() && StorageKeys.isEntry(it.peekNext().getKey())
          && StorageKeys.indexOf(it.peekNext().getKey()) < firstIndex) {
        batch.delete(it.next().getKey());
        if (++n % 10_000 == 0) {
          db.write(batch);
          batch.close();
          batch = db.createWriteBatch();
        }
      }
      db.write(batch);
      batch.close();
    }
  }

  private Entry decode(byte[] value, long index) {
    try {
      return EntryCodec.decodeEntry(value);
    } catch (StorageException e) {
      throw inconsistent("entry " + index + " does not decode (" + e.getMessage() + ")");
    }
  }

  private StorageException inconsistent(String what) {
    return new StorageException("the Raft log in " + raftDir + " is inconsistent: " + what);
  }

  private static boolean hasAnyKey(DB db) throws IOException {
    try (DBIterator it = db.iterator(VERIFY)) {
      it.seekToFirst();
      return it.hasNext();
    }
  }

  /** A lost LevelDB beside surviving snapshots means lost data, not a new node. Returns true. */
  private boolean checkNoOrphanedSnapshots() {
    if (!Files.isDirectory(snapshots.dir())) {
      return true;
    }
    try (Stream<Path> files = Files.list(snapshots.dir())) {
      if (files.anyMatch(p -> p.getFileName().toString().endsWith(".snap"))) {
        throw new StorageException("data directory " + dataDir + " has snapshot files in "
            + snapshots.dir() + " but no log in " + raftDir + "; refusing to start over");
      }
      return true;
    } catch (IOException e) {
      throw new StorageException("cannot list " + snapshots.dir() + ": " + e, e);
    }
  }

  static void closeQuietly(DB db) {
    try {
      db.close();
    } catch (IOException | RuntimeException ignored) {
      // Already failing with a better message; the close error would only hide it.
    }
  }
}
