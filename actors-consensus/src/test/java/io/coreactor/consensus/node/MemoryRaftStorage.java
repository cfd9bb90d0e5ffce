package io.coreactor.consensus.node;

import io.coreactor.consensus.raft.ConfState;
import io.coreactor.consensus.raft.Entry;
import io.coreactor.consensus.raft.HardState;
import io.coreactor.consensus.raft.PersistentState;
import io.coreactor.consensus.raft.Snapshot;
import io.coreactor.consensus.raft.SnapshotMeta;
import io.coreactor.consensus.storage.RaftStorage;
import io.coreactor.consensus.storage.StorageException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A RaftStorage in memory that survives "restarts" within one JVM: {@link #opener(Map)} hands
 * out one instance per data directory and, like LevelDB's lock, refuses to open one that is
 * still open. {@link #failNextPersists} injects write failures.
 */
final class MemoryRaftStorage implements RaftStorage {

  private Snapshot snapshot;
  private HardState hardState = HardState.EMPTY;
  private final List<Entry> entries = new ArrayList<>();
  private boolean open;
  final AtomicInteger failNextPersists = new AtomicInteger();

  /** Opens the storage kept for each data directory in {@code disks}. */
  static StorageOpener opener(Map<Path, MemoryRaftStorage> disks) {
    return (dir, id) -> {
      MemoryRaftStorage disk = disks.computeIfAbsent(dir, d -> new MemoryRaftStorage());
      synchronized (disk) {
        if (disk.open) {
          throw new StorageException("already open: " + dir);
        }
        disk.open = true;
      }
      return disk;
    };
  }

  static Map<Path, MemoryRaftStorage> disks() {
    return new ConcurrentHashMap<>();
  }

  private void checkOpen() {
    if (!open) {
      throw new StorageException("closed");
    }
  }

  @Override
  public synchronized Snapshot snapshot() {
    return snapshot;
  }

  @Override
  public synchronized boolean isEmpty() {
    return snapshot == null;
  }

  @Override
  public synchronized void bootstrap(ConfState initial) {
    checkOpen();
    snapshot = new Snapshot(new SnapshotMeta(0, 0, initial), new byte[0]);
  }

  @Override
  public synchronized void persist(Snapshot snap, List<Entry> newEntries, HardState hard) {
    checkOpen();
    if (failNextPersists.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new StorageException("injected write failure");
    }
    if (snap != null) {
      snapshot = snap;
      entries.clear();
    }
    append(newEntries);
    if (hard != null) {
      hardState = hard;
    }
  }

  @Override
  public synchronized void saveSnapshot(Snapshot snap) {
    checkOpen();
    if (snapshot == null || snap.index() > snapshot.index()) {
      snapshot = snap;
      compactPrefix(snap.index());
    }
  }

  @Override
  public synchronized PersistentState load() {
    checkOpen();
    return new PersistentState(hardState, snapshot, List.copyOf(entries));
  }

  @Override
  public synchronized void close() {
    open = false;
  }

  @Override
  public synchronized HardState hardState() {
    return hardState;
  }

  @Override
  public synchronized void saveHardState(HardState hard) {
    hardState = hard;
  }

  @Override
  public synchronized long firstIndex() {
    return snapshot.index() + 1;
  }

  @Override
  public synchronized long lastIndex() {
    return entries.isEmpty() ? snapshot.index() : entries.get(entries.size() - 1).index();
  }

  @Override
  public synchronized long term(long index) {
    if (index == snapshot.index()) {
      return snapshot.term();
    }
    return entries.get((int) (index - firstIndex())).term();
  }

  @Override
  public synchronized List<Entry> entries(long from, long toExclusive) {
    return List.copyOf(entries.subList((int) (from - firstIndex()), (int) (toExclusive - firstIndex())));
  }

  @Override
  public synchronized void append(List<Entry> newEntries) {
    if (!newEntries.isEmpty()) {
      truncateSuffix(newEntries.get(0).index());
      entries.addAll(newEntries);
    }
  }

  @Override
  public synchronized void truncateSuffix(long fromIndex) {
    entries.removeIf(e -> e.index() >= fromIndex);
  }

  @Override
  public synchronized void compactPrefix(long throughIndex) {
    entries.removeIf(e -> e.index() <= throughIndex);
  }
}
