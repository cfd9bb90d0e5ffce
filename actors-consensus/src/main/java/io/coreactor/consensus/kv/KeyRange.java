package io.coreactor.consensus.kv;

import java.util.Collections;
import java.util.NavigableMap;

/**
 * A key and range end read with etcd's rules: an empty end means just the key, {@code "\0"}
 * means every key from the key on, anything else the half-open range [key, end).
 */
record KeyRange(Bytes key, Bytes end) {

  static KeyRange of(Bytes key, Bytes end) {
    return new KeyRange(key, end == null ? Bytes.EMPTY : end);
  }

  static KeyRange single(Bytes key) {
    return new KeyRange(key, Bytes.EMPTY);
  }

  boolean contains(Bytes k) {
    if (end.isEmpty()) {
      return k.equals(key);
    }
    if (key.compareTo(k) > 0) {
      return false;
    }
    return end.equals(Bytes.ZERO) || k.compareTo(end) < 0;
  }

  /** The part of a key-ordered map this range selects. */
  <V> NavigableMap<Bytes, V> select(NavigableMap<Bytes, V> map) {
    if (end.isEmpty()) {
      return map.subMap(key, true, key, true);
    }
    if (end.equals(Bytes.ZERO)) {
      return map.tailMap(key, true);
    }
    if (end.compareTo(key) <= 0) {
      return Collections.emptyNavigableMap();
    }
    return map.subMap(key, true, end, false);
  }
}
