package io.coreactor.consensus.kv;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Every version an {@link MvccStore} keeps, in revision order: the version itself, which
 * carries its main revision as {@code modRevision}, and its sub-revision, in chunked arrays.
 * Writes only ever append (revisions grow), so a position is found by binary search. A
 * {@code TreeMap<Revision, KeyValue>} did the same with two more objects and ~60 more bytes per
 * version, which every young collection copied, since the store keeps every write. (With the
 * versions held by {@link KeyIndex} directly, a 256-byte put of a new key costs 485 bytes of
 * heap, 677 before.)
 */
final class History {

  private static final int CHUNK_BITS = 12;
  private static final int CHUNK = 1 << CHUNK_BITS;
  private static final int MASK = CHUNK - 1;

  private final List<KeyValue[]> versions = new ArrayList<>();
  private final List<int[]> subs = new ArrayList<>();
  private int size;

  int size() {
    return size;
  }

  KeyValue version(int i) {
    return versions.get(i >>> CHUNK_BITS)[i & MASK];
  }

  long main(int i) {
    return version(i).modRevision();
  }

  int sub(int i) {
    return subs.get(i >>> CHUNK_BITS)[i & MASK];
  }

  Revision revision(int i) {
    return new Revision(main(i), sub(i));
  }

  /**
   * Appends {@code kv} at {@code kv.modRevision()}.{@code sub}, which must come after every
   * revision already here.
   *
   * @throws IllegalStateException when it does not
   */
  void append(int sub, KeyValue kv) {
    if (size > 0) {
      long lastMain = main(size - 1);
      if (kv.modRevision() < lastMain || kv.modRevision() == lastMain && sub <= sub(size - 1)) {
        throw new IllegalStateException("revision " + kv.modRevision() + "." + sub
            + " is not after " + revision(size - 1));
      }
    }
    if ((size & MASK) == 0 && size >>> CHUNK_BITS == versions.size()) {
      versions.add(new KeyValue[CHUNK]);
      subs.add(new int[CHUNK]);
    }
    versions.get(size >>> CHUNK_BITS)[size & MASK] = kv;
    subs.get(size >>> CHUNK_BITS)[size & MASK] = sub;
    size++;
  }

  /** The position of the first version at main revision {@code main} or later; size() if none. */
  int firstAtOrAfter(long main) {
    int lo = 0;
    int hi = size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (main(mid) < main) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * Keeps, of the versions at main revision {@code upTo} or earlier, those {@code keep} accepts,
   * moving the rest down over the gaps (compaction: linear in the history, and rare).
   */
  void retainUpTo(long upTo, Predicate<KeyValue> keep) {
    int end = firstAtOrAfter(upTo + 1);
    int to = 0;
    for (int from = 0; from < size; from++) {
      KeyValue kv = version(from);
      if (from >= end || keep.test(kv)) {
        set(to, sub(from), kv);
        to++;
      }
    }
    for (int i = to; i < size; i++) {
      set(i, 0, null);
    }
    size = to;
    int chunks = (size + MASK) >>> CHUNK_BITS;
    versions.subList(chunks, versions.size()).clear();
    subs.subList(chunks, subs.size()).clear();
  }

  private void set(int i, int sub, KeyValue kv) {
    versions.get(i >>> CHUNK_BITS)[i & MASK] = kv;
    subs.get(i >>> CHUNK_BITS)[i & MASK] = sub;
  }
}
