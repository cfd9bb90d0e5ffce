package io.coreactor.consensus.storage;

import io.coreactor.consensus.raft.Entry;
import io.coreactor.consensus.raft.SnapshotMeta;
import java.util.List;
import org.iq80.leveldb.WriteBatch;

/**
 * The log mutations of a write batch, each validating its input against the state the
 * batch has reached and returning the state after it. Nothing here touches the disk until
 * the caller writes the batch, so a rejected input leaves the store as it was.
 */
final class LogWrites {

  /** Reads the term of an entry as stored, before the pending batch. */
  interface StoredTerms {
    long termOf(long index);
  }

  private LogWrites() {}

  /**
   * Makes {@code meta} the snapshot. When the log holds the snapshot's last entry with the
   * same term, the entries after it are the same history and stay; otherwise (a different
   * term, or a log that ends before) the entries after it are stale and go now. The entries
   * it covers are not deleted here: they can never be read again, and deleting 100k of them
   * in one batch held up the writes behind it for a third of a second, so the storage deletes
   * them a chunk per later write.
   */
  static LogState dropCoveredBy(StoredTerms terms, WriteBatch batch, LogState st, SnapshotMeta meta) {
    long at = meta.index();
    boolean sameHistory = at >= st.snapshot().index() && at <= st.lastIndex()
        && term(terms, st, at) == meta.term();
    if (!sameHistory) {
      delete(batch, Math.max(st.firstIndex(), at + 1), st.lastIndex());
    }
    LogState next = st.withSnapshot(meta);
    return sameHistory ? next : next.withLog(at, meta.term());
  }

  /**
   * Appends entries, replacing any stored suffix from the first one's index. Entries the
   * snapshot already covers are skipped, as etcd's storage does: they are committed, so the
   * leader resending them cannot disagree.
   */
  static LogState append(StoredTerms terms, WriteBatch batch, LogState st, List<Entry> entries) {
    if (entries.isEmpty()) {
      return st;
    }
    long first = entries.get(0).index();
    for (int i = 1; i < entries.size(); i++) {
      if (entries.get(i).index() != first + i) {
        throw new IllegalArgumentException("entries to append are not contiguous: "
            + entries.get(i - 1) + " then " + entries.get(i));
      }
    }
    int skip = (int) Math.max(0, Math.min(entries.size(), st.snapshot().index() - first + 1));
    List<Entry> fresh = entries.subList(skip, entries.size());
    if (fresh.isEmpty()) {
      return st;
    }
    long from = fresh.get(0).index();
    if (from > st.lastIndex() + 1) {
      throw new IllegalArgumentException("cannot append at " + from + ": the log ends at "
          + st.lastIndex() + ", which would leave a gap");
    }
    // Terms never decrease along a Raft log; a violation means the caller's log is broken.
    long prevTerm = term(terms, st, from - 1);
    for (Entry e : fresh) {
      if (e.term() < prevTerm) {
        throw new IllegalArgumentException("cannot append " + e + " after an entry of term " + prevTerm);
      }
      prevTerm = e.term();
    }
    Entry last = fresh.get(fresh.size() - 1);
    delete(batch, last.index() + 1, st.lastIndex());
    for (Entry e : fresh) {
      batch.put(StorageKeys.entry(e.index()), EntryCodec.encodeEntry(e));
    }
    return st.withLog(last.index(), last.term());
  }

  /** Deletes the entries in [from, through]; LevelDB has no range delete. */
  static void delete(WriteBatch batch, long from, long through) {
    for (long i = from; i <= through; i++) {
      batch.delete(StorageKeys.entry(i));
    }
  }

  /** The term at {@code index} as of {@code st}: the ends come from the cache. */
  static long term(StoredTerms terms, LogState st, long index) {
    if (index == st.snapshot().index()) {
      return st.snapshot().term();
    }
    if (index == st.lastIndex()) {
      return st.lastTerm();
    }
    return terms.termOf(index);
  }
}
