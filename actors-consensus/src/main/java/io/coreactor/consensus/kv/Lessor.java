package io.coreactor.consensus.kv;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The replicated part of etcd's lessor: which leases exist, their granted TTL and the keys
 * attached to them. Expiry is not here: the leader times leases and proposes their revocation.
 */
final class Lessor {

  private static final class Entry {
    final long ttl;
    final TreeSet<Bytes> keys = new TreeSet<>();

    Entry(long ttl) {
      this.ttl = ttl;
    }
  }

  // Ordered maps and sets: iteration order ends up in snapshots and responses.
  private final TreeMap<Long, Entry> leases = new TreeMap<>();

  boolean contains(long id) {
    return leases.containsKey(id);
  }

  void grant(long id, long ttl) {
    leases.put(id, new Entry(ttl));
  }

  void remove(long id) {
    leases.remove(id);
  }

  void attach(long id, Bytes key) {
    Entry e = leases.get(id);
    if (e == null) {
      throw new IllegalStateException("attach " + key + " to missing lease " + id);
    }
    e.keys.add(key);
  }

  void detach(long id, Bytes key) {
    Entry e = leases.get(id);
    if (e != null) {
      e.keys.remove(key);
    }
  }

  /** The lease's keys in key order, copied so the caller may delete them while iterating. */
  List<Bytes> keys(long id) {
    Entry e = leases.get(id);
    return e == null ? List.of() : List.copyOf(e.keys);
  }

  /** The lease, or null if it does not exist. */
  Lease lease(long id) {
    Entry e = leases.get(id);
    return e == null ? null : new Lease(id, e.ttl, List.copyOf(e.keys));
  }

  List<Lease> all() {
    List<Lease> all = new ArrayList<>(leases.size());
    leases.forEach((id, e) -> all.add(new Lease(id, e.ttl, List.copyOf(e.keys))));
    return all;
  }

  List<Long> ids() {
    return List.copyOf(leases.keySet());
  }
}
