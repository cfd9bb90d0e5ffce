package io.coreactor.consensus.kv;

import java.util.Arrays;

/**
 * The kept versions of one key, oldest first (etcd's {@code keyIndex}). etcd groups them in
 * generations, each from the put that created the key to the delete that ended it; here a
 * generation is the run of versions up to and including its tombstone, so one array holds
 * them all and the version visible at a revision is the last one written by then, unless that
 * one is a tombstone.
 */
final class KeyIndex {

  private KeyValue[] versions = new KeyValue[1];
  private int size;

  /**
   * Adds the key's next version, a put or a delete's tombstone.
   *
   * @throws IllegalStateException for a tombstone while the key does not exist
   */
  void add(KeyValue kv) {
    if (kv.isTombstone() && (size == 0 || versions[size - 1].isTombstone())) {
      throw new IllegalStateException("tombstone at " + kv.modRevision() + " for a key that does not exist");
    }
    if (size == versions.length) {
      versions = Arrays.copyOf(versions, size * 2);
    }
    versions[size++] = kv;
  }

  /** The key's version at {@code atRev}, or null if it did not exist then. */
  KeyValue get(long atRev) {
    int i = lastAtOrBefore(atRev);
    return i < 0 || versions[i].isTombstone() ? null : versions[i];
  }

  /** The position of the last version written at {@code atRev} or before; -1 if none. */
  private int lastAtOrBefore(long atRev) {
    int lo = 0;
    int hi = size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (versions[mid].modRevision() <= atRev) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo - 1;
  }

  /**
   * Forgets what no read at {@code atRev} or later can see: every version before the one
   * visible at atRev, and that one too when it is a tombstone (etcd's {@code keyIndex.compact}:
   * generations deleted by then, tombstone included, and the older versions of the generation
   * alive at atRev).
   */
  void compact(long atRev) {
    int visible = lastAtOrBefore(atRev);
    if (visible < 0) {
      return;
    }
    int dropped = versions[visible].isTombstone() ? visible + 1 : visible;
    int left = size - dropped;
    KeyValue[] kept = new KeyValue[Math.max(1, left)];
    System.arraycopy(versions, dropped, kept, 0, left);
    versions = kept;
    size = left;
  }

  /** True when nothing is left: the key is deleted and its history compacted away. */
  boolean isEmpty() {
    return size == 0;
  }
}
