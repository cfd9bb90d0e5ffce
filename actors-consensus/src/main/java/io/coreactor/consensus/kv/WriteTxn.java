package io.coreactor.consensus.kv;

import java.util.ArrayList;
import java.util.List;

/**
 * One write transaction on an {@link MvccStore} (etcd's {@code storeTxnWrite}): every change
 * gets revision {@code begin + 1} and the next sub-revision, and reads inside the txn see the
 * changes made so far. Changes go straight into the store; the caller has checked everything
 * that could fail beforehand, so there is nothing to roll back.
 */
final class WriteTxn {

  private final MvccStore store;
  private final long beginRevision;
  private final List<Event> events = new ArrayList<>();

  WriteTxn(MvccStore store, long beginRevision) {
    this.store = store;
    this.beginRevision = beginRevision;
  }

  /** The revision reads inside this txn see: the txn's own once it changed something. */
  long readRevision() {
    return events.isEmpty() ? beginRevision : beginRevision + 1;
  }

  /** Writes a new version of {@code key}; returns the version it replaced, or null. */
  KeyValue put(Bytes key, Bytes value, long lease) {
    long main = beginRevision + 1;
    KeyIndex versions = store.keyIndex(key);
    KeyValue prev = versions == null ? null : versions.get(main);
    long created = prev == null ? main : prev.createRevision();
    long version = prev == null ? 1 : prev.version() + 1;
    KeyValue kv = new KeyValue(key, created, main, version, value, lease);
    store.record(events.size(), kv, versions);
    Lessor lessor = store.lessor();
    if (prev != null && prev.lease() != 0) {
      lessor.detach(prev.lease(), key);
    }
    if (lease != 0) {
      lessor.attach(lease, key);
    }
    events.add(new Event(Event.Type.PUT, kv, prev));
    return prev;
  }

  /** Deletes every key of {@code range} alive now; returns the deleted versions in key order. */
  List<KeyValue> deleteRange(KeyRange range) {
    List<KeyValue> deleted = store.range(range, readRevision(), Integer.MAX_VALUE).kvs();
    for (KeyValue prev : deleted) {
      KeyValue tombstone = KeyValue.tombstone(prev.key(), beginRevision + 1);
      store.record(events.size(), tombstone);
      if (prev.lease() != 0) {
        store.lessor().detach(prev.lease(), prev.key());
      }
      events.add(new Event(Event.Type.DELETE, tombstone, prev));
    }
    return deleted;
  }

  /** Ends the txn: the store moves to the txn's revision if anything changed. */
  List<Event> end() {
    if (!events.isEmpty()) {
      store.commit(beginRevision + 1);
    }
    return List.copyOf(events);
  }
}
