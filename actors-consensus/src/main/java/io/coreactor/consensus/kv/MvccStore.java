package io.coreactor.consensus.kv;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * etcd's mvcc store without the disk: a key index (key to {@link KeyIndex}) over a
 * revision-ordered history of every version still kept, tombstones included, plus the current
 * and compacted revisions and the leases keys are attached to. Writes go through
 * {@link WriteTxn}; nothing here validates requests.
 */
final class MvccStore {

  /** The versions of the keys found by a range, up to a limit, and how many there were. */
  record Found(List<KeyValue> kvs, int count) {
  }

  private final TreeMap<Bytes, KeyIndex> index = new TreeMap<>();
  private final TreeMap<Revision, KeyValue> history = new TreeMap<>();
  private final Lessor lessor = new Lessor();
  private long currentRevision = 1;
  // etcd starts at -1, so that revision 0 can be compacted once like any other.
  private long compactRevision = -1;

  long currentRevision() {
    return currentRevision;
  }

  long compactRevision() {
    return compactRevision;
  }

  Lessor lessor() {
    return lessor;
  }

  WriteTxn beginWrite() {
    return new WriteTxn(this, currentRevision);
  }

  /** The key's version at {@code atRev}, or null when it did not exist then. */
  KeyValue get(Bytes key, long atRev) {
    KeyIndex ki = index.get(key);
    Revision rev = ki == null ? null : ki.get(atRev);
    return rev == null ? null : history.get(rev);
  }

  /** The keys of {@code range} alive at {@code atRev}, in key order; at most {@code max} kept. */
  Found range(KeyRange range, long atRev, int max) {
    List<KeyValue> kvs = new ArrayList<>();
    int count = 0;
    for (KeyIndex ki : range.select(index).values()) {
      Revision rev = ki.get(atRev);
      if (rev == null) {
        continue;
      }
      count++;
      if (kvs.size() < max) {
        kvs.add(history.get(rev));
      }
    }
    return new Found(kvs, count);
  }

  void record(Revision rev, KeyValue kv) {
    KeyIndex ki = index.computeIfAbsent(kv.key(), k -> new KeyIndex());
    if (kv.isTombstone()) {
      ki.tombstone(rev);
    } else {
      ki.put(rev);
    }
    history.put(rev, kv);
  }

  void commit(long revision) {
    currentRevision = revision;
  }

  /** Forgets every version no read at {@code rev} or later can see. The caller validated rev. */
  void compact(long rev) {
    compactRevision = rev;
    Iterator<Map.Entry<Bytes, KeyIndex>> it = index.entrySet().iterator();
    while (it.hasNext()) {
      KeyIndex ki = it.next().getValue();
      ki.compact(rev, history::remove);
      if (ki.isEmpty()) {
        it.remove();
      }
    }
  }

  /**
   * The changes to keys in {@code range} from revision {@code start} on, as events with their
   * previous versions. Stops after {@code maxEvents}, but never inside a revision, so that a
   * watcher never sees half a transaction.
   */
  EventBatch eventsSince(KeyRange range, long start, int maxEvents) {
    if (start > 0 && start < compactRevision) {
      return EventBatch.compactedAt(compactRevision);
    }
    if (start <= 0 || start > currentRevision) {
      return new EventBatch(List.of(), Math.max(start, currentRevision + 1), 0);
    }
    List<Event> events = new ArrayList<>();
    long lastMain = 0;
    for (Map.Entry<Revision, KeyValue> e : history.tailMap(new Revision(start, 0), true)
        .entrySet()) {
      long main = e.getKey().main();
      if (events.size() >= maxEvents && main != lastMain) {
        return new EventBatch(events, lastMain + 1, 0);
      }
      KeyValue kv = e.getValue();
      if (range.contains(kv.key())) {
        events.add(historicEvent(kv, main));
        lastMain = main;
      }
    }
    return new EventBatch(events, currentRevision + 1, 0);
  }

  private Event historicEvent(KeyValue kv, long main) {
    // Like etcd's watch, the previous version is a read at main - 1, which compaction may forbid.
    KeyValue prev = main - 1 >= compactRevision ? get(kv.key(), main - 1) : null;
    return new Event(kv.isTombstone() ? Event.Type.DELETE : Event.Type.PUT, kv, prev);
  }

  /**
   * A CRC-32C of every kept version up to {@code rev}, in revision order, like etcd's HashKV:
   * replicas that applied the same commands agree on it. The caller validated rev.
   */
  long hash(long rev) {
    CRC32C crc = new CRC32C();
    WireWriter w = new WireWriter();
    for (Map.Entry<Revision, KeyValue> e : history.headMap(new Revision(rev + 1, 0)).entrySet()) {
      w.reset();
      w.writeLong(e.getKey().main());
      w.writeLong(e.getKey().sub());
      w.writeKeyValue(e.getValue());
      crc.update(w.buffer(), 0, w.size());
    }
    return crc.getValue();
  }

  /** The whole history in revision order, for snapshots; read only. */
  NavigableMap<Revision, KeyValue> history() {
    return Collections.unmodifiableNavigableMap(history);
  }

  /** Rebuilds a store from a snapshot's parts: history in revision order, then leases. */
  static MvccStore restore(long currentRevision, long compactRevision,
      Iterable<Map.Entry<Revision, KeyValue>> history, List<Lease> leases) {
    MvccStore s = new MvccStore();
    s.currentRevision = currentRevision;
    s.compactRevision = compactRevision;
    for (Map.Entry<Revision, KeyValue> e : history) {
      s.record(e.getKey(), e.getValue());
    }
    for (Lease l : leases) {
      s.lessor.grant(l.id(), l.grantedTtl());
    }
    // Attachments follow from the live versions, as etcd's restore rebuilds them.
    for (Map.Entry<Bytes, KeyIndex> e : s.index.entrySet()) {
      KeyValue kv = s.get(e.getKey(), currentRevision);
      if (kv != null && kv.lease() != 0) {
        s.lessor.attach(kv.lease(), kv.key());
      }
    }
    return s;
  }
}
