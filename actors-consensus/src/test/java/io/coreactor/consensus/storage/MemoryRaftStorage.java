package io.coreactor.consensus.storage;

import io.coreactor.consensus.raft.ConfState;
import io.coreactor.consensus.raft.Entry;
import io.coreactor.consensus.raft.HardState;
import io.coreactor.consensus.raft.PersistentState;
import io.coreactor.consensus.raft.Snapshot;
import io.coreactor.consensus.raft.SnapshotMeta;
import java.util.ArrayList;
import java.util.List;

/**
 * The in-memory {@link RaftStorage} of the simulation tests. Every call is "synced" when it
 * returns, so a simulated crash loses exactly what the node had not yet handed to
 * {@link #persist}. Each mutation validates first and changes state last, so a call that
 * throws leaves the storage as it was (the all-or-nothing of a write batch).
 */
public final class MemoryRaftStorage implements RaftStorage {

  private Snapshot snapshot;
  /** Index and term of the entry just before {@code log.get(0)}: the compaction point. */
  private long offsetIndex;
  private long offsetTerm;
  private final ArrayList<Entry> log = new ArrayList<>();
  private HardState hardState = HardState.EMPTY;

  /** A storage holding exactly what {@code state} describes, as after a restart. */
  public static MemoryRaftStorage of(PersistentState state) {
    MemoryRaftStorage s = new MemoryRaftStorage();
    s.snapshot = state.snapshot();
    s.offsetIndex = state.snapshot().index();
    s.offsetTerm = state.snapshot().term();
    s.append(state.entries());
    s.hardState = state.hardState();
    return s;
  }

  @Override
  public long firstIndex() {
    return offsetIndex + 1;
  }

  @Override
  public long lastIndex() {
    return offsetIndex + log.size();
  }

  @Override
  public long term(long index) {
    if (index == offsetIndex) {
      return offsetTerm;
    }
    if (index < offsetIndex || index > lastIndex()) {
      throw new StorageException("term(" + index + ") outside [" + offsetIndex + ", " + lastIndex() + "]");
    }
    return log.get((int) (index - offsetIndex - 1)).term();
  }

  /** The term at {@code index}, or -1 when the log does not reach it or it was compacted. */
  public long termOrMissing(long index) {
    return index < offsetIndex || index > lastIndex() ? -1 : term(index);
  }

  @Override
  public List<Entry> entries(long from, long toExclusive) {
    if (from < firstIndex() || toExclusive > lastIndex() + 1 || from > toExclusive) {
      throw new StorageException("entries [" + from + ", " + toExclusive + ") outside ["
          + firstIndex() + ", " + (lastIndex() + 1) + ")");
    }
    return List.copyOf(log.subList((int) (from - firstIndex()), (int) (toExclusive - firstIndex())));
  }

  @Override
  public void append(List<Entry> entries) {
    if (entries.isEmpty()) {
      return;
    }
    long first = entries.get(0).index();
    if (first < firstIndex() || first > lastIndex() + 1) {
      throw new StorageException("append at " + first + " leaves a gap or rewrites compacted entries: log is ["
          + firstIndex() + ", " + lastIndex() + "]");
    }
    for (int i = 1; i < entries.size(); i++) {
      if (entries.get(i).index() != first + i) {
        throw new StorageException("entries to append are not contiguous: " + entries);
      }
    }
    truncateSuffix(first);
    log.addAll(entries);
  }

  @Override
  public void truncateSuffix(long fromIndex) {
    if (fromIndex <= offsetIndex) {
      throw new StorageException("cannot truncate from " + fromIndex + ": compacted through " + offsetIndex);
    }
    if (fromIndex <= lastIndex()) {
      log.subList((int) (fromIndex - firstIndex()), log.size()).clear();
    }
  }

  @Override
  public void compactPrefix(long throughIndex) {
    if (throughIndex <= offsetIndex) {
      return;
    }
    if (throughIndex > lastIndex()) {
      throw new StorageException("cannot compact through " + throughIndex + ": log ends at " + lastIndex());
    }
    long term = term(throughIndex);
    log.subList(0, (int) (throughIndex - offsetIndex)).clear();
    offsetIndex = throughIndex;
    offsetTerm = term;
  }

  @Override
  public HardState hardState() {
    return hardState;
  }

  @Override
  public void saveHardState(HardState hardState) {
    this.hardState = hardState;
  }

  @Override
  public Snapshot snapshot() {
    return snapshot == null ? new Snapshot(SnapshotMeta.EMPTY, new byte[0]) : snapshot;
  }

  @Override
  public boolean isEmpty() {
    return snapshot == null && log.isEmpty() && hardState.isEmpty();
  }

  @Override
  public void bootstrap(ConfState initial) {
    if (!isEmpty()) {
      throw new StorageException("already bootstrapped");
    }
    installSnapshot(new Snapshot(new SnapshotMeta(0, 0, initial), new byte[0]));
  }

  /**
   * The snapshot replaces the log through its index. Entries after it are kept only when the
   * log holds the snapshot's last entry (same index and term), as Raft §7 allows; otherwise
   * the whole log goes. A snapshot not newer than the stored one is ignored.
   */
  @Override
  public void persist(Snapshot snapshot, List<Entry> entries, HardState hardState) {
    if (snapshot != null && (this.snapshot == null || snapshot.index() > this.snapshot.index())) {
      Snapshot oldSnapshot = this.snapshot;
      long oldIndex = offsetIndex;
      long oldTerm = offsetTerm;
      List<Entry> oldLog = List.copyOf(log);
      installSnapshot(snapshot);
      try {
        append(entries);
      } catch (StorageException e) {
        this.snapshot = oldSnapshot;
        offsetIndex = oldIndex;
        offsetTerm = oldTerm;
        log.clear();
        log.addAll(oldLog);
        throw e;
      }
    } else {
      append(entries);
    }
    if (hardState != null) {
      this.hardState = hardState;
    }
  }

  @Override
  public void saveSnapshot(Snapshot snapshot) {
    if (this.snapshot != null && snapshot.index() <= this.snapshot.index()) {
      return;
    }
    if (snapshot.index() > lastIndex() || termOrMissing(snapshot.index()) != snapshot.term()) {
      throw new StorageException("local snapshot " + snapshot.meta() + " does not match the log ending at "
          + lastIndex() + " (term there " + termOrMissing(snapshot.index()) + ")");
    }
    installSnapshot(snapshot);
  }

  private void installSnapshot(Snapshot snap) {
    long index = snap.index();
    if (index >= offsetIndex && index <= lastIndex() && term(index) == snap.term()) {
      log.subList(0, (int) (index - offsetIndex)).clear();
    } else {
      log.clear();
    }
    offsetIndex = index;
    offsetTerm = snap.term();
    this.snapshot = snap;
  }

  @Override
  public PersistentState load() {
    if (snapshot == null) {
      throw new StorageException("not bootstrapped");
    }
    if (offsetIndex != snapshot.index()) {
      throw new StorageException("log compacted through " + offsetIndex + " past the snapshot at "
          + snapshot.index() + ": a restart could not replay the entries between");
    }
    return new PersistentState(hardState, snapshot, log);
  }

  @Override
  public void close() {
    // Nothing to release: the "disk" outlives the node so that a crashed node can restart.
  }
}
