package io.coreactor.consensus.storage;

import io.coreactor.consensus.raft.Entry;
import io.coreactor.consensus.raft.HardState;
import io.coreactor.consensus.raft.PersistentState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The kill test's reference: what the store must hold after a sequence of operations, by the
 * storage contract applied to plain values. Immutable; each operation returns a new model.
 */
record LogModel(long snapIndex, long snapTerm, TreeMap<Long, Long> terms, HardState hardState) {

  static LogModel bootstrapped() {
    return new LogModel(0, 0, new TreeMap<>(), HardState.EMPTY);
  }

  long lastIndex() {
    return terms.isEmpty() ? snapIndex : terms.lastKey();
  }

  long term(long index) {
    return index == snapIndex ? snapTerm : terms.get(index);
  }

  /** persist(null, entries [from, to] at term, hs). */
  LogModel append(long from, long to, long term, HardState hs) {
    TreeMap<Long, Long> t = new TreeMap<>(terms.headMap(from));
    for (long i = from; i <= to; i++) {
      t.put(i, term);
    }
    return new LogModel(snapIndex, snapTerm, t, hs);
  }

  /** saveSnapshot, or the snapshot half of persist: keep the suffix only if it is the same history. */
  LogModel snapshot(long index, long term) {
    boolean same = index <= lastIndex() && term(index) == term;
    TreeMap<Long, Long> t = same ? new TreeMap<>(terms.tailMap(index, false)) : new TreeMap<>();
    return new LogModel(index, term, t, hardState);
  }

  LogModel withHardState(HardState hs) {
    return new LogModel(snapIndex, snapTerm, terms, hs);
  }

  /** What load() must return, with every byte derived from the workload seed. */
  PersistentState expected(long seed) {
    List<Entry> entries = new ArrayList<>();
    for (Map.Entry<Long, Long> e : terms.entrySet()) {
      entries.add(KillWorkload.entry(seed, e.getKey(), e.getValue()));
    }
    return new PersistentState(hardState, KillWorkload.snapshot(seed, snapIndex, snapTerm), entries);
  }

  static LogModel of(PersistentState s) {
    TreeMap<Long, Long> t = new TreeMap<>();
    s.entries().forEach(e -> t.put(e.index(), e.term()));
    return new LogModel(s.snapshot().index(), s.snapshot().term(), t, s.hardState());
  }

  @Override
  public String toString() {
    return "snapshot " + snapIndex + "@" + snapTerm + ", entries " + (snapIndex + 1) + ".." + lastIndex()
        + " (terms " + terms.values().stream().distinct().toList() + "), " + hardState;
  }
}
