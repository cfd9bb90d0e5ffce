package io.coreactor.consensus.storage;

import io.coreactor.consensus.raft.ConfState;
import io.coreactor.consensus.raft.Entry;
import io.coreactor.consensus.raft.HardState;
import io.coreactor.consensus.raft.PersistentState;
import io.coreactor.consensus.raft.Snapshot;
import io.coreactor.consensus.raft.SnapshotMeta;
import io.coreactor.consensus.storage.EntryCodec.SnapshotRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBException;
import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.WriteBatch;
import org.iq80.leveldb.WriteOptions;

/**
 * The production {@link RaftStorage}: the log, hard state and snapshot reference in LevelDB
 * ({@code dataDir/raft}), snapshot data in files ({@code dataDir/snap}). Every mutation is one
 * synced {@link WriteBatch}, so a crash keeps all of it or none of it (a commit-only hard state,
 * {@link #saveCommit}, is written unsynced: a crash may lose it). Calls are serialized;
 * after a failed write the store refuses further use, since the disk may no longer match
 * what it caches, and must be reopened.
 */
public final class LevelDbRaftStorage implements RaftStorage {

  private static final WriteOptions SYNC = new WriteOptions().sync(true);
  private static final WriteOptions NO_SYNC = new WriteOptions().sync(false);
  /** Entries below the snapshot deleted per write (see {@link LogWrites#dropCoveredBy}). */
  private static final int COVERED_DELETES_PER_WRITE = 2000;

  private final Path dataDir;
  private final DB db;
  private final SnapshotFiles snapshots;
  private LogState state;
  /** Ranges [from, through] of entries still stored though a snapshot covers them, oldest first. */
  private final ArrayDeque<long[]> covered = new ArrayDeque<>();
  private boolean closed;
  private StorageException failure;

  private LevelDbRaftStorage(LevelDbOpener.Opened opened) {
    this.dataDir = opened.dataDir();
    this.db = opened.db();
    this.snapshots = opened.snapshots();
    this.state = opened.state();
  }

  /**
   * Opens (creating if missing) the store of node {@code nodeId} in {@code dataDir}.
   *
   * @throws StorageException if the directory belongs to another node or program, or is corrupt
   */
  public static LevelDbRaftStorage open(Path dataDir, long nodeId) {
    LevelDbJni.warmUp();
    return new LevelDbRaftStorage(LevelDbOpener.open(dataDir, nodeId));
  }

  /** How many entries a snapshot covers are still stored, waiting for their deletion. */
  synchronized long coveredStillStored() {
    return covered.stream().mapToLong(r -> r[1] - r[0] + 1).sum();
  }

  /** The directory this store lives in. */
  public Path dataDir() {
    return dataDir;
  }

  @Override
  public synchronized long firstIndex() {
    return usable().firstIndex();
  }

  @Override
  public synchronized long lastIndex() {
    return usable().lastIndex();
  }

  @Override
  public synchronized long term(long index) {
    LogState st = usable();
    if (index == st.snapshot().index()) {
      return st.snapshot().term();
    }
    if (index == st.lastIndex()) {
      return st.lastTerm();
    }
    checkRange(index, st.firstIndex(), st.lastIndex(), st);
    return storedTerm(index);
  }

  @Override
  public synchronized List<Entry> entries(long from, long toExclusive) {
    LogState st = usable();
    if (from > toExclusive) {
      throw new IllegalArgumentException("entries(" + from + ", " + toExclusive + "): from > to");
    }
    checkRange(from, st.firstIndex(), st.lastIndex() + 1, st);
    checkRange(toExclusive, st.firstIndex(), st.lastIndex() + 1, st);
    List<Entry> result = new ArrayList<>((int) Math.min(toExclusive - from, 1024));
    if (from == toExclusive) {
      return result;
    }
    try (DBIterator it = db.iterator(LevelDbOpener.VERIFY)) {
      it.seek(StorageKeys.entry(from));
      for (long i = from; i < toExclusive; i++) {
        Map.Entry<byte[], byte[]> kv = it.hasNext() ? it.next() : null;
        if (kv == null || !StorageKeys.isEntry(kv.getKey()) || StorageKeys.indexOf(kv.getKey()) != i) {
          throw new StorageException("log entry " + i + " is missing in " + dataDir);
        }
        result.add(EntryCodec.decodeEntry(kv.getValue()));
      }
      return result;
    } catch (IOException | DBException e) {
      throw new StorageException("cannot read log entries from " + dataDir + ": " + e, e);
    }
  }

  @Override
  public synchronized HardState hardState() {
    return usable().hardState();
  }

  @Override
  public synchronized Snapshot storedSnapshot() {
    LogState st = usable();
    return st.snapshotStored() ? snapshots.stored(st.snapshot().index(), st.snapshot().term()) : null;
  }

  @Override
  public synchronized Snapshot snapshot() {
    LogState st = usable();
    if (!st.snapshotStored()) {
      return new Snapshot(SnapshotMeta.EMPTY, new byte[0]);
    }
    return snapshots.read(st.snapshot().index(), st.snapshot().term());
  }

  @Override
  public synchronized boolean isEmpty() {
    LogState st = usable();
    return !st.snapshotStored() && st.lastIndex() == 0 && st.hardState().isEmpty();
  }

  @Override
  public synchronized PersistentState load() {
    LogState st = usable();
    return new PersistentState(st.hardState(), snapshot(), entries(st.firstIndex(), st.lastIndex() + 1));
  }

  @Override
  public synchronized void bootstrap(ConfState initial) {
    if (!isEmpty()) {
      throw new IllegalStateException("cannot bootstrap " + dataDir + ": it already holds Raft state");
    }
    persist(new Snapshot(new SnapshotMeta(0, 0, initial), new byte[0]), List.of(), null);
  }

  /** A snapshot not newer than the stored one is ignored, as in {@link #saveSnapshot}; the rest still applies. */
  @Override
  public synchronized void persist(Snapshot snapshot, List<Entry> entries, HardState hardState) {
    LogState st = usable();
    boolean install = snapshot != null && isNewer(st, snapshot);
    write(install ? snapshot : null, batch -> {
      LogState next = install ? LogWrites.dropCoveredBy(this::storedTerm, batch, st, snapshot.meta()) : st;
      next = LogWrites.append(this::storedTerm, batch, next, entries);
      if (hardState != null) {
        batch.put(StorageKeys.HARD_STATE, EntryCodec.encodeHardState(hardState));
        next = next.withHardState(hardState);
      }
      return next;
    });
  }

  /**
   * Writes the snapshot file (durably, under its final name) without the lock: the LevelDB
   * batch that refers to it comes in {@link #saveSnapshot}, which finds the file there. A file
   * without a reference is an orphan, removed at the next open or snapshot.
   */
  @Override
  public void stageSnapshot(Snapshot snapshot) {
    snapshots.write(snapshot);
  }

  @Override
  public synchronized void saveSnapshot(Snapshot snapshot) {
    LogState st = usable();
    if (!isNewer(st, snapshot)) {
      deleteSupersededSnapshots();   // a staged file of this snapshot, if any
      return;
    }
    // A snapshot taken here covers applied, hence stored, entries; anything else is a bug upstream.
    if (snapshot.index() > st.lastIndex() || term(snapshot.index()) != snapshot.term()) {
      throw new IllegalArgumentException("local snapshot at index " + snapshot.index() + " term "
          + snapshot.term() + " does not match the log (last index " + st.lastIndex() + ")");
    }
    write(snapshot, batch -> LogWrites.dropCoveredBy(this::storedTerm, batch, st, snapshot.meta()));
  }

  @Override
  public synchronized void append(List<Entry> entries) {
    LogState st = usable();
    write(null, batch -> LogWrites.append(this::storedTerm, batch, st, entries));
  }

  @Override
  public synchronized void truncateSuffix(long fromIndex) {
    LogState st = usable();
    if (fromIndex <= st.snapshot().index()) {
      throw new IllegalArgumentException("cannot truncate from " + fromIndex
          + ": entries through " + st.snapshot().index() + " are in the snapshot");
    }
    if (fromIndex > st.lastIndex()) {
      return;
    }
    write(null, batch -> {
      LogWrites.delete(batch, fromIndex, st.lastIndex());
      return st.withLog(fromIndex - 1, term(fromIndex - 1));
    });
  }

  /**
   * Entries at or below the snapshot index are already gone, so this only checks. Compacting
   * past the snapshot would lose entries a restart must replay: use {@link #saveSnapshot}.
   */
  @Override
  public synchronized void compactPrefix(long throughIndex) {
    LogState st = usable();
    if (throughIndex > st.snapshot().index()) {
      throw new IllegalArgumentException("cannot compact through " + throughIndex
          + " past the snapshot at " + st.snapshot().index()
          + ": a restart replays the entries after the snapshot; save a newer snapshot instead");
    }
  }

  @Override
  public synchronized void saveHardState(HardState hardState) {
    LogState st = usable();
    write(null, batch -> {
      batch.put(StorageKeys.HARD_STATE, EntryCodec.encodeHardState(hardState));
      return st.withHardState(hardState);
    });
  }

  /** Not synced: the next synced write (or the OS, on a clean stop) makes it durable. */
  @Override
  public synchronized void saveCommit(HardState hardState) {
    LogState st = usable();
    write(null, NO_SYNC, batch -> {
      batch.put(StorageKeys.HARD_STATE, EntryCodec.encodeHardState(hardState));
      return st.withHardState(hardState);
    });
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      db.close();
    } catch (IOException | DBException e) {
      throw new StorageException("cannot close the LevelDB in " + dataDir + ": " + e, e);
    }
  }

  /** Fills a batch with the mutations and returns the state the log will be in after it. */
  private interface Mutation {
    LogState fill(WriteBatch batch);
  }

  /**
   * The one write path: build the batch (which validates), then write the snapshot file if
   * any, then the synced batch that refers to it, then publish the new state and drop the
   * superseded snapshot file. A crash between file and batch leaves an orphan file, removed
   * at the next open; it never leaves a reference to a missing file.
   */
  private void write(Snapshot snapshot, Mutation mutation) {
    write(snapshot, SYNC, mutation);
  }

  private void write(Snapshot snapshot, WriteOptions options, Mutation mutation) {
    LogState before = state;
    WriteBatch batch = db.createWriteBatch();
    try {
      LogState next = mutation.fill(batch);
      long newlyCovered = Math.min(next.snapshot().index(), before.lastIndex());
      if (next.snapshot().index() > before.snapshot().index() && newlyCovered >= before.firstIndex()) {
        covered.addLast(new long[] {before.firstIndex(), newlyCovered});
      }
      long[] deleting = deleteCovered(batch);
      if (snapshot != null) {
        if (!Files.exists(snapshots.pathOf(snapshot.index(), snapshot.term()))) {
          snapshots.write(snapshot);   // not staged (or a newer snapshot's save removed it)
        }
        batch.put(StorageKeys.SNAPSHOT,
            EntryCodec.encodeSnapshotRef(new SnapshotRef(snapshot.index(), snapshot.term())));
      }
      try {
        db.write(batch, options);
      } catch (DBException e) {
        failure = new StorageException("a write to " + dataDir + " failed; the store must"
            + " be reopened: " + e.getMessage(), e);
        throw failure;
      }
      state = next;
      if (deleting != null) {
        deleting[0] += COVERED_DELETES_PER_WRITE;
        if (deleting[0] > deleting[1]) {
          covered.removeFirst();
        }
      }
    } finally {
      try {
        batch.close();
      } catch (IOException ignored) {
        // Frees native memory only; nothing durable depends on it.
      }
    }
    if (snapshot != null && before.snapshotStored()) {
      deleteSupersededSnapshots();
    }
  }

  /** Adds the next chunk of covered entries to the batch; returns their range, advanced once the batch is written. */
  private long[] deleteCovered(WriteBatch batch) {
    long[] range = covered.peekFirst();
    if (range != null) {
      LogWrites.delete(batch, range[0], Math.min(range[1], range[0] + COVERED_DELETES_PER_WRITE - 1));
    }
    return range;
  }

  private void deleteSupersededSnapshots() {
    try {
      snapshots.deleteAllExcept(snapshots.pathOf(state.snapshot().index(), state.snapshot().term()));
    } catch (StorageException e) {
      // The new snapshot is durable and referenced; a leftover file only costs space and the
      // next open removes it, so this must not report the persist itself as failed.
    }
  }

  private static boolean isNewer(LogState st, Snapshot snapshot) {
    return !st.snapshotStored() || snapshot.index() > st.snapshot().index();
  }

  /** The term of an entry as stored, for {@link LogWrites}. */
  private long storedTerm(long index) {
    return EntryCodec.decodeTerm(get(index));
  }

  private byte[] get(long index) {
    try {
      byte[] value = db.get(StorageKeys.entry(index), LevelDbOpener.VERIFY);
      if (value == null) {
        throw new StorageException("log entry " + index + " is missing in " + dataDir);
      }
      return value;
    } catch (DBException e) {
      throw new StorageException("cannot read log entry " + index + " from " + dataDir + ": " + e, e);
    }
  }

  private void checkRange(long index, long low, long high, LogState st) {
    if (index < low || index > high) {
      throw new IllegalArgumentException("index " + index + " is outside [" + low + ", " + high
          + "] (snapshot at " + st.snapshot().index() + ", last index " + st.lastIndex() + ")");
    }
  }

  private LogState usable() {
    if (closed) {
      throw new IllegalStateException("Raft storage in " + dataDir + " is closed");
    }
    if (failure != null) {
      throw failure;
    }
    return state;
  }
}
