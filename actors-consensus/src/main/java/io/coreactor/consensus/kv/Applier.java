package io.coreactor.consensus.kv;

import io.coreactor.consensus.kv.RangeRequest.SortOrder;
import io.coreactor.consensus.kv.RangeRequest.SortTarget;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * Applies requests to an {@link MvccStore} the way etcd 3.4's {@code applierV3backend} does.
 * Every check that can refuse a request runs before the first change, so a refused request
 * leaves the store exactly as it was.
 */
final class Applier {

  private final MvccStore store;
  private final KvConfig config;
  private final TxnApplier txns;

  Applier(MvccStore store, KvConfig config) {
    this.store = store;
    this.config = config;
    this.txns = new TxnApplier(store, this);
  }

  /** Applies one request; a refusal comes back as the response, not as an exception. */
  Applied apply(long raftIndex, KvRequest request) {
    try {
      RequestValidator.validate(request, config);
      if (request instanceof RangeRequest r) {
        return new Applied(range(r, store.currentRevision()), List.of());
      } else if (request instanceof PutRequest p) {
        checkPut(p);
        return write(w -> put(w, p));
      } else if (request instanceof DeleteRangeRequest d) {
        return write(w -> deleteRange(w, d));
      } else if (request instanceof TxnRequest t) {
        return txns.apply(t);
      } else if (request instanceof CompactionRequest c) {
        return new Applied(compact(c), List.of());
      } else if (request instanceof LeaseGrantRequest g) {
        return new Applied(grant(raftIndex, g), List.of());
      } else if (request instanceof LeaseRevokeRequest r) {
        return revoke(r);
      }
      throw new IllegalArgumentException("unknown request " + request);
    } catch (KvException e) {
      return new Applied(e, List.of());
    }
  }

  TxnApplier txns() {
    return txns;
  }

  private Applied write(Function<WriteTxn, KvResponse> op) {
    WriteTxn w = store.beginWrite();
    KvResponse response = op.apply(w);
    return new Applied(response, w.end());
  }

  /**
   * Reads as of {@code current}, the store's revision or, inside a write txn, the txn's own.
   * Sorting and the revision filters need the whole range; otherwise only limit + 1 versions
   * are fetched, the extra one to tell whether there are {@code more}.
   */
  RangeResponse range(RangeRequest r, long current) {
    long rev = checkRevision(r.revision(), current);
    boolean sortOrFilter = r.sortOrder() != SortOrder.NONE
        || r.minModRevision() != 0 || r.maxModRevision() != 0
        || r.minCreateRevision() != 0 || r.maxCreateRevision() != 0;
    int max;
    if (r.countOnly()) {
      max = 0;
    } else if (!sortOrFilter && r.limit() > 0) {
      max = (int) Math.min(r.limit(), Integer.MAX_VALUE - 1) + 1;
    } else {
      max = Integer.MAX_VALUE;
    }
    MvccStore.Found found = store.range(KeyRange.of(r.key(), r.rangeEnd()), rev, max);
    List<KeyValue> kvs = new ArrayList<>(found.kvs().size());
    for (KeyValue kv : found.kvs()) {
      if (withinFilters(r, kv)) {
        kvs.add(kv);
      }
    }
    sort(kvs, r);
    boolean more = false;
    if (r.limit() > 0 && kvs.size() > r.limit()) {
      kvs = kvs.subList(0, (int) r.limit());
      more = true;
    }
    if (r.keysOnly()) {
      kvs = kvs.stream().map(KeyValue::withoutValue).toList();
    }
    // count is the whole range's, before filters and limit, as etcd 3.4 reports it.
    return new RangeResponse(ResponseHeader.of(current), kvs, more, found.count());
  }

  /** The revision a read at {@code requested} sees, or why it cannot be read. */
  long checkRevision(long requested, long current) {
    if (requested > current) {
      throw KvError.FUTURE_REV.exception();
    }
    long rev = requested <= 0 ? current : requested;
    if (rev < store.compactRevision()) {
      throw KvError.COMPACTED.exception();
    }
    return rev;
  }

  private static boolean withinFilters(RangeRequest r, KeyValue kv) {
    return (r.maxModRevision() == 0 || kv.modRevision() <= r.maxModRevision())
        && (r.minModRevision() == 0 || kv.modRevision() >= r.minModRevision())
        && (r.maxCreateRevision() == 0 || kv.createRevision() <= r.maxCreateRevision())
        && (r.minCreateRevision() == 0 || kv.createRevision() >= r.minCreateRevision());
  }

  private static void sort(List<KeyValue> kvs, RangeRequest r) {
    SortOrder order = r.sortOrder();
    if (order == SortOrder.NONE && r.sortTarget() != SortTarget.KEY) {
      order = SortOrder.ASCEND; // etcd: a target without an order means ascending
    }
    if (order == SortOrder.NONE) {
      return;
    }
    Comparator<KeyValue> by = switch (r.sortTarget()) {
      case KEY -> Comparator.comparing(KeyValue::key);
      case VERSION -> Comparator.comparingLong(KeyValue::version);
      case CREATE -> Comparator.comparingLong(KeyValue::createRevision);
      case MOD -> Comparator.comparingLong(KeyValue::modRevision);
      case VALUE -> Comparator.comparing(KeyValue::value);
    };
    // List.sort is stable, so equal elements stay in key order in either direction: unlike
    // etcd's sort.Sort the result is fully determined.
    kvs.sort(order == SortOrder.DESCEND ? by.reversed() : by);
  }

  /** What must hold before a put may run, checked against the state before its txn. */
  void checkPut(PutRequest p) {
    if (p.lease() != 0 && !store.lessor().contains(p.lease())) {
      throw KvError.LEASE_NOT_FOUND.exception();
    }
    if ((p.ignoreValue() || p.ignoreLease())
        && store.get(p.key(), store.currentRevision()) == null) {
      throw KvError.KEY_NOT_FOUND.exception();
    }
  }

  PutResponse put(WriteTxn w, PutRequest p) {
    KeyValue prev;
    if (p.ignoreValue() || p.ignoreLease()) {
      KeyValue current = store.get(p.key(), w.readRevision());
      prev = w.put(p.key(), p.ignoreValue() ? current.value() : p.value(),
          p.ignoreLease() ? current.lease() : p.lease());
    } else {
      prev = w.put(p.key(), p.value(), p.lease());
    }
    return new PutResponse(ResponseHeader.of(w.readRevision()), p.prevKv() ? prev : null);
  }

  DeleteRangeResponse deleteRange(WriteTxn w, DeleteRangeRequest d) {
    List<KeyValue> deleted = w.deleteRange(KeyRange.of(d.key(), d.rangeEnd()));
    return new DeleteRangeResponse(ResponseHeader.of(w.readRevision()), deleted.size(),
        d.prevKv() ? deleted : List.of());
  }

  private CompactionResponse compact(CompactionRequest c) {
    if (c.revision() <= store.compactRevision()) {
      throw KvError.COMPACTED.exception();
    }
    if (c.revision() > store.currentRevision()) {
      throw KvError.FUTURE_REV.exception();
    }
    store.compact(c.revision());
    return new CompactionResponse(ResponseHeader.of(store.currentRevision()));
  }

  private LeaseGrantResponse grant(long raftIndex, LeaseGrantRequest g) {
    Lessor lessor = store.lessor();
    long id = g.id() != 0 ? g.id() : chooseLeaseId(raftIndex, lessor);
    if (g.ttl() > KvConfig.MAX_LEASE_TTL) {
      throw KvError.LEASE_TTL_TOO_LARGE.exception();
    }
    if (lessor.contains(id)) {
      throw KvError.LEASE_EXIST.exception();
    }
    long ttl = Math.max(g.ttl(), config.minLeaseTtl());
    lessor.grant(id, ttl);
    return new LeaseGrantResponse(ResponseHeader.of(store.currentRevision()), id, ttl);
  }

  /**
   * etcd's leader draws an id before proposing; here every replica derives the same positive,
   * random-looking id from the entry's index (a SplitMix64 finalizer), skipping ids in use.
   */
  static long chooseLeaseId(long raftIndex, Lessor lessor) {
    long z = raftIndex + 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    long id = (z ^ (z >>> 31)) & Long.MAX_VALUE;
    while (id == 0 || lessor.contains(id)) {
      id = (id + 1) & Long.MAX_VALUE;
    }
    return id;
  }

  /** Deletes the lease's keys, in key order, as one write at one revision; then the lease. */
  private Applied revoke(LeaseRevokeRequest r) {
    Lessor lessor = store.lessor();
    if (!lessor.contains(r.id())) {
      throw KvError.LEASE_NOT_FOUND.exception();
    }
    WriteTxn w = store.beginWrite();
    for (Bytes key : lessor.keys(r.id())) {
      w.deleteRange(KeyRange.single(key));
    }
    lessor.remove(r.id());
    List<Event> events = w.end();
    return new Applied(new LeaseRevokeResponse(ResponseHeader.of(store.currentRevision())),
        events);
  }
}
