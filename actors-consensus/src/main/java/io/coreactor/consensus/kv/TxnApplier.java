package io.coreactor.consensus.kv;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Runs a txn the way etcd 3.4 does: first every compare, nested txns' included, is evaluated
 * against the state before the txn, which fixes the path through the branches; then the puts
 * and ranges on that path are checked; only then do the ops run, all in one write at one
 * revision, each read seeing the writes before it.
 */
final class TxnApplier {

  /** The branch a txn takes, and the paths of the nested txns in that branch, in op order. */
  private record Path(TxnRequest txn, boolean succeeded, List<Path> nested) {
    List<RequestOp> ops() {
      return succeeded ? txn.success() : txn.failure();
    }
  }

  private static final KeyValue ABSENT = new KeyValue(Bytes.EMPTY, 0, 0, 0, Bytes.EMPTY, 0);

  private final MvccStore store;
  private final Applier applier;

  TxnApplier(MvccStore store, Applier applier) {
    this.store = store;
    this.applier = applier;
  }

  /** Runs a validated txn; throws, before changing anything, when the chosen path cannot run. */
  Applied apply(TxnRequest t) {
    long current = store.currentRevision();
    Path path = choose(t, current);
    check(path, current);
    WriteTxn w = store.beginWrite();
    TxnResponse response = run(path, w);
    return new Applied(response, w.end());
  }

  private Path choose(TxnRequest t, long current) {
    boolean succeeded = true;
    for (Compare c : t.compare()) {
      if (!holds(c, current)) {
        succeeded = false;
        break;
      }
    }
    List<Path> nested = new ArrayList<>();
    for (RequestOp op : succeeded ? t.success() : t.failure()) {
      if (op instanceof TxnRequest inner) {
        nested.add(choose(inner, current));
      }
    }
    return new Path(t, succeeded, nested);
  }

  /** Every key in the compare's range must satisfy it; a missing key reads as all zeros. */
  private boolean holds(Compare c, long current) {
    List<KeyValue> kvs =
        store.range(KeyRange.of(c.key(), c.rangeEnd()), current, Integer.MAX_VALUE).kvs();
    if (kvs.isEmpty()) {
      // There is no way to tell a missing value from an empty one, so etcd fails them all.
      return c.target() != Compare.Target.VALUE && c.matches(ABSENT);
    }
    for (KeyValue kv : kvs) {
      if (!c.matches(kv)) {
        return false;
      }
    }
    return true;
  }

  private void check(Path path, long current) {
    Iterator<Path> nested = path.nested().iterator();
    for (RequestOp op : path.ops()) {
      if (op instanceof PutRequest p) {
        applier.checkPut(p);
      } else if (op instanceof RangeRequest r) {
        applier.checkRevision(r.revision(), current);
      } else if (op instanceof TxnRequest) {
        check(nested.next(), current);
      }
    }
  }

  private TxnResponse run(Path path, WriteTxn w) {
    List<ResponseOp> responses = new ArrayList<>(path.ops().size());
    Iterator<Path> nested = path.nested().iterator();
    for (RequestOp op : path.ops()) {
      if (op instanceof RangeRequest r) {
        responses.add(applier.range(r, w.readRevision()));
      } else if (op instanceof PutRequest p) {
        responses.add(applier.put(w, p));
      } else if (op instanceof DeleteRangeRequest d) {
        responses.add(applier.deleteRange(w, d));
      } else if (op instanceof TxnRequest) {
        responses.add(run(nested.next(), w));
      }
    }
    return new TxnResponse(ResponseHeader.of(w.readRevision()), path.succeeded(), responses);
  }
}
