package io.coreactor.consensus.kv;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The checks etcd makes on a request before proposing it ({@code v3rpc/key.go}): keys present,
 * no value or lease given with the flags that ignore them, txn size, and no key written twice
 * by one txn branch. They depend on the request alone, so they run on encoding and again,
 * identically on every replica, before applying.
 */
final class RequestValidator {

  private RequestValidator() {
  }

  static void validate(KvRequest request, KvConfig config) {
    if (request instanceof TxnRequest t) {
      checkTxn(t, config.maxTxnOps());
      // After the size check, so a huge txn cannot make the overlap check quadratic.
      checkIntervals(t.success(), new ArrayList<>());
      checkIntervals(t.failure(), new ArrayList<>());
    } else if (request instanceof RequestOp op) {
      checkOp(op, config.maxTxnOps());
    }
  }

  private static void checkOp(RequestOp op, int maxTxnOps) {
    if (op instanceof RangeRequest r) {
      requireKey(r.key());
    } else if (op instanceof PutRequest p) {
      requireKey(p.key());
      if (p.ignoreValue() && !p.value().isEmpty()) {
        throw KvError.VALUE_PROVIDED.exception();
      }
      if (p.ignoreLease() && p.lease() != 0) {
        throw KvError.LEASE_PROVIDED.exception();
      }
    } else if (op instanceof DeleteRangeRequest d) {
      requireKey(d.key());
    } else if (op instanceof TxnRequest t) {
      checkTxn(t, maxTxnOps);
    }
  }

  private static void requireKey(Bytes key) {
    if (key.isEmpty()) {
      throw KvError.EMPTY_KEY.exception();
    }
  }

  private static void checkTxn(TxnRequest t, int maxTxnOps) {
    int ops = Math.max(t.compare().size(), Math.max(t.success().size(), t.failure().size()));
    if (ops > maxTxnOps) {
      throw KvError.TOO_MANY_OPS.exception();
    }
    for (Compare c : t.compare()) {
      requireKey(c.key());
    }
    // Nested txns share the budget, as in etcd.
    for (RequestOp op : t.success()) {
      checkOp(op, maxTxnOps - ops);
    }
    for (RequestOp op : t.failure()) {
      checkOp(op, maxTxnOps - ops);
    }
  }

  /**
   * etcd's {@code checkIntervals}: within the ops of one branch, including nested txns, no key
   * may be put twice or both put and deleted. Deleting a key twice is allowed, and a nested
   * txn's success and failure branches may put the same key since only one of them runs.
   * Returns the keys put and adds the ranges deleted to {@code dels}.
   */
  private static Set<Bytes> checkIntervals(List<RequestOp> ops, List<KeyRange> dels) {
    for (RequestOp op : ops) {
      if (op instanceof DeleteRangeRequest d) {
        dels.add(KeyRange.of(d.key(), d.rangeEnd()));
      }
    }
    Set<Bytes> puts = new HashSet<>();
    for (RequestOp op : ops) {
      if (!(op instanceof TxnRequest t)) {
        continue;
      }
      List<KeyRange> delsThen = new ArrayList<>();
      Set<Bytes> putsThen = checkIntervals(t.success(), delsThen);
      List<KeyRange> delsElse = new ArrayList<>();
      Set<Bytes> putsElse = checkIntervals(t.failure(), delsElse);
      // Stricter than etcd 3.4, which misses a nested delete of a key an earlier nested txn put.
      for (Bytes k : puts) {
        if (intersects(delsThen, k) || intersects(delsElse, k)) {
          throw KvError.DUPLICATE_KEY.exception();
        }
      }
      // putsThen and putsElse are checked against earlier ops only, not against each other.
      for (Set<Bytes> branch : List.of(putsThen, putsElse)) {
        for (Bytes k : branch) {
          if (puts.contains(k) || intersects(dels, k)) {
            throw KvError.DUPLICATE_KEY.exception();
          }
        }
      }
      puts.addAll(putsThen);
      puts.addAll(putsElse);
      dels.addAll(delsThen);
      dels.addAll(delsElse);
    }
    for (RequestOp op : ops) {
      if (op instanceof PutRequest p) {
        if (!puts.add(p.key()) || intersects(dels, p.key())) {
          throw KvError.DUPLICATE_KEY.exception();
        }
      }
    }
    return puts;
  }

  private static boolean intersects(List<KeyRange> ranges, Bytes key) {
    for (KeyRange r : ranges) {
      if (r.contains(key)) {
        return true;
      }
    }
    return false;
  }
}
