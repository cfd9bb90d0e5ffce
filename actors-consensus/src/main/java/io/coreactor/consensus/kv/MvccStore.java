package io.coreactor.consensus.kv;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * etcd's mvcc store without the disk: a key index (key to the {@link KeyIndex} of its kept
 * versions) beside a revision-ordered {@link History} of the same versions, tombstones
 * included, plus the current and compacted revisions and the leases keys are attached to.
 * Writes go through {@link WriteTxn}; nothing here validates requests.
 */
final class MvccStore {

  /** The versions of the keys found by a range, up to a limit, and how many there were. */
  record Found(List<KeyValue> kvs, int count) {
  }

  private final TreeMap<Bytes, KeyIndex> index = new TreeMap<>();
  private final History history = new History();
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

  /** The versions kept of {@code key}, or null when none are. */
  KeyIndex keyIndex(Bytes key) {
    return index.get(key);
  }

  /** The key's version at {@code atRev}, or null when it did not exist then. */
  KeyValue get(Bytes key, long atRev) {
    KeyIndex ki = index.get(key);
    return ki == null ? null : ki.get(atRev);
  }

  /** The keys of {@code range} alive at {@code atRev}, in key order; at most {@code max} kept. */
  Found range(KeyRange range, long atRev, int max) {
    List<KeyValue> kvs = new ArrayList<>();
    int count = 0;
    for (KeyIndex ki : range.select(index).values()) {
      KeyValue kv = ki.get(atRev);
      if (kv == null) {
        continue;
      }
      count++;
      if (kvs.size() < max) {
        kvs.add(kv);
      }
    }
    return new Found(kvs, count);
  }

  /**
   * Adds {@code kv}, a put or a tombstone, at revision {@code kv.modRevision()}.{@code sub}.
   *
   * @throws IllegalStateException for a revision not after every other, or a tombstone of a
   *     key that does not exist
   */
  void record(int sub, KeyValue kv) {
    record(sub, kv, index.get(kv.key()));
  }

  /** {@link #record(int, KeyValue)} with the key's {@link #keyIndex}, already looked up. */
  void record(int sub, KeyValue kv, KeyIndex ki) {
    KeyIndex versions = ki != null ? ki : new KeyIndex();
    versions.add(kv);
    history.append(sub, kv);
    if (ki == null) {   // only once both accepted it
      index.put(kv.key(), versions);
    }
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
      ki.compact(rev);
      if (ki.isEmpty()) {
        it.remove();
      }
    }
    // What the index kept up to rev is what is visible at rev.
    history.retainUpTo(rev, kv -> {
      KeyIndex ki = index.get(kv.key());
      return ki != null && ki.get(rev) == kv;
    });
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
    for (int i = history.firstAtOrAfter(start); i < history.size(); i++) {
      KeyValue kv = history.version(i);
      long main = kv.modRevision();
      if (events.size() >= maxEvents && main != lastMain) {
        return new EventBatch(events, lastMain + 1, 0);
      }
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
    for (int i = 0, end = history.firstAtOrAfter(rev + 1); i < end; i++) {
      w.reset();
      w.writeLong(history.main(i));
      w.writeLong(history.sub(i));
      w.writeKeyValue(history.version(i));
      crc.update(w.buffer(), 0, w.size());
    }
    return crc.getValue();
  }

  /** How many versions are kept, tombstones included. */
  int historySize() {
    return history.size();
  }

  /** The first {@code to.length} kept versions in revision order, and their sub-revisions. */
  void copyHistory(KeyValue[] to, int[] subs) {
    for (int i = 0; i < to.length; i++) {
      to[i] = history.version(i);
      subs[i] = history.sub(i);
    }
  }

  /** The revisions of the kept versions, in order (white box, for tests). */
  List<Revision> revisions() {
    List<Revision> revs = new ArrayList<>(history.size());
    for (int i = 0; i < history.size(); i++) {
      revs.add(history.revision(i));
    }
    return revs;
  }

  /** The kept versions in revision order (white box, for tests). */
  List<KeyValue> versions() {
    List<KeyValue> kvs = new ArrayList<>(history.size());
    for (int i = 0; i < history.size(); i++) {
      kvs.add(history.version(i));
    }
    return kvs;
  }

  /**
   * Rebuilds a store from a snapshot's parts: history in revision order, then leases.
   *
   * @throws IllegalStateException when they cannot be a store's: versions out of order, a
   *     version at a revision it was not written at, a tombstone of a key that does not exist
   */
  static MvccStore restore(long currentRevision, long compactRevision,
      Iterable<Map.Entry<Revision, KeyValue>> history, List<Lease> leases) {
    MvccStore s = new MvccStore();
    s.currentRevision = currentRevision;
    s.compactRevision = compactRevision;
    for (Map.Entry<Revision, KeyValue> e : history) {
      Revision rev = e.getKey();
      KeyValue kv = e.getValue();
      if (rev.main() != kv.modRevision() || rev.sub() < 0 || rev.sub() > Integer.MAX_VALUE) {
        throw new IllegalStateException("version of mod revision " + kv.modRevision() + " at revision " + rev);
      }
      s.record((int) rev.sub(), kv);
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
