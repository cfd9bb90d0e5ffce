package io.coreactor.gateway.v2;

import io.coreactor.consensus.kv.Bytes;
import io.coreactor.consensus.kv.Compare;
import io.coreactor.consensus.kv.DeleteRangeRequest;
import io.coreactor.consensus.kv.KeyValue;
import io.coreactor.consensus.kv.PutRequest;
import io.coreactor.consensus.kv.RequestOp;
import io.coreactor.consensus.kv.TxnRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * etcd 2's store operations (set, create, update, compareAndSwap, delete, compareAndDelete) as
 * pure decisions on a {@link Snapshot}: either etcd's error, or one v3 txn that makes the whole
 * change at one revision and is guarded by everything the decision read, so it commits only if
 * the snapshot is still true (otherwise the caller reads again and replans).
 */
final class KeysPlanner {

  private final KeyRequest req;
  private final Snapshot s;
  private final long ttlLease;
  private final List<Compare> compares;
  private final List<RequestOp> ops = new ArrayList<>();

  private KeysPlanner(KeyRequest req, Snapshot s, long ttlLease) {
    this.req = req;
    this.s = s;
    this.ttlLease = ttlLease;
    this.compares = new ArrayList<>(s.guards());
  }

  /**
   * Plans a write request.
   *
   * @param ttlLease the lease granted for the request's TTL, or 0 for none
   * @throws V2Error etcd's error for this request on this snapshot
   */
  static WritePlan plan(KeyRequest req, Snapshot s, long ttlLease) {
    KeysPlanner p = new KeysPlanner(req, s, ttlLease);
    return switch (req.kind()) {
      case SET -> p.set();
      case CREATE -> p.create(req.path());
      case CREATE_IN_ORDER -> p.createInOrder();
      case UPDATE -> p.update();
      case COMPARE_AND_SWAP -> p.compareAndSwap();
      case DELETE -> p.delete();
      case COMPARE_AND_DELETE -> p.compareAndDelete();
      default -> throw new IllegalArgumentException("not a write: " + req.kind());
    };
  }

  private WritePlan set() {
    String path = req.path();
    rootReadOnly(path);
    String value = req.storedValue();
    if (req.refresh()) {
      walk(path);
      if (s.file(path) == null) {
        throw V2ErrorCode.NOT_FILE.error(path, s.revision());
      }
      value = s.file(path).value().toStringUtf8();
    }
    long inherited = ensureParents(V2Layout.ancestors(path));
    if (s.dir(path) != null) {
      throw V2ErrorCode.NOT_FILE.error(path, s.revision());
    }
    KeyValue f = s.file(path);
    V2Node prev = f == null ? null : fileNode(path, f);
    long lease = ttlLease != 0 ? ttlLease : inherited;
    V2Node node;
    if (req.dir()) {
      if (f != null) {
        ops.add(DeleteRangeRequest.key(V2Layout.fileKey(path)));
      }
      node = putDir(path, lease, 0);
    } else {
      node = putFile(path, value, lease, f == null ? 0 : f.createRevision());
    }
    return done("set", path, node, prev, lease);
  }

  private WritePlan create(String path) {
    rootReadOnly(path);
    long inherited = ensureParents(V2Layout.ancestors(path));
    if (s.exists(path)) {
      throw V2ErrorCode.NODE_EXIST.error(path, s.revision());
    }
    return createNew(path, inherited);
  }

  private WritePlan createInOrder() {
    String dir = req.path();
    String path = V2Layout.child(dir, V2Layout.inOrderName(s.revision() + 1));
    List<String> parents = new ArrayList<>(V2Layout.ancestors(dir));
    if (!V2Layout.ROOT.equals(dir)) {
      parents.add(dir);
    }
    long inherited = ensureParents(parents);
    // Names must grow with creation order: commit only if nothing in the directory changed since
    // the revision the name was taken from.
    compares.add(s.subtreeUnchanged());
    return createNew(path, inherited);
  }

  private WritePlan createNew(String path, long inherited) {
    long lease = ttlLease != 0 ? ttlLease : inherited;
    V2Node node = req.dir() ? putDir(path, lease, 0) : putFile(path, req.storedValue(), lease, 0);
    return done("create", path, node, null, lease);
  }

  private WritePlan update() {
    String path = req.path();
    rootReadOnly(path);
    walk(path);
    KeyValue d = s.dir(path);
    if (d != null && !req.value().isEmpty()) {
      throw V2ErrorCode.NOT_FILE.error(path, s.revision());
    }
    long lease = ttlLease != 0 ? ttlLease : inheritedLease(path);
    if (d != null) {
      return done("update", path, putDir(path, lease, d.createRevision()), dirNode(path, d), lease);
    }
    KeyValue f = s.file(path);
    String value = req.refresh() ? f.value().toStringUtf8() : req.value();
    V2Node node = putFile(path, value, lease, f.createRevision());
    return done("update", path, node, fileNode(path, f), lease);
  }

  private WritePlan compareAndSwap() {
    String path = req.path();
    rootReadOnly(path);
    KeyValue f = comparedFile(path);
    String value = req.refresh() ? f.value().toStringUtf8() : req.value();
    long lease = ttlLease != 0 ? ttlLease : inheritedLease(path);
    V2Node node = putFile(path, value, lease, f.createRevision());
    return done("compareAndSwap", path, node, fileNode(path, f), lease);
  }

  private WritePlan delete() {
    String path = req.path();
    if (V2Layout.ROOT.equals(path)) {
      throw V2ErrorCode.ROOT_READ_ONLY.error(V2Layout.ROOT, s.revision());
    }
    walk(path);
    KeyValue f = s.file(path);
    if (f != null) {
      ops.add(DeleteRangeRequest.key(V2Layout.fileKey(path)));
      V2Node prev = fileNode(path, f);
      return done("delete", path, prev.deleted(0), prev, 0);
    }
    KeyValue d = s.dir(path);
    if (!req.dir() && !req.recursive()) {
      throw V2ErrorCode.NOT_FILE.error(path, s.revision());
    }
    if (req.recursive()) {
      ops.add(DeleteRangeRequest.range(V2Layout.dirKey(path), V2Layout.subtreeEnd(path)));
    } else {
      if (s.childCount() > 0) {
        throw V2ErrorCode.DIR_NOT_EMPTY.error(path, s.revision());
      }
      compares.add(s.noChildren());
      ops.add(DeleteRangeRequest.key(V2Layout.dirKey(path)));
    }
    V2Node prev = dirNode(path, d);
    return done("delete", path, prev.deleted(0), prev, 0);
  }

  private WritePlan compareAndDelete() {
    String path = req.path();
    KeyValue f = comparedFile(path);
    ops.add(DeleteRangeRequest.key(V2Layout.fileKey(path)));
    V2Node prev = fileNode(path, f);
    return done("compareAndDelete", path, prev.deleted(0), prev, 0);
  }

  /** The file a compare-and-* names, once its prevValue/prevIndex hold. */
  private KeyValue comparedFile(String path) {
    walk(path);
    KeyValue f = s.file(path);
    if (f == null) {
      throw V2ErrorCode.NOT_FILE.error(path, s.revision());
    }
    String current = f.value().toStringUtf8();
    boolean valueOk = req.prevValue() == null || req.prevValue().equals(current);
    boolean indexOk = req.prevIndex() == 0 || req.prevIndex() == f.modRevision();
    if (!valueOk || !indexOk) {
      String cause;
      if (valueOk) {
        cause = "[" + req.prevIndex() + " != " + f.modRevision() + "]";
      } else if (indexOk) {
        cause = "[" + req.prevValue() + " != " + current + "]";
      } else {
        cause = "[" + req.prevValue() + " != " + current + "] [" + req.prevIndex() + " != "
            + f.modRevision() + "]";
      }
      throw V2ErrorCode.TEST_FAILED.error(cause, s.revision());
    }
    return f;
  }

  private void rootReadOnly(String path) {
    if (V2Layout.ROOT.equals(path)) {
      throw V2ErrorCode.ROOT_READ_ONLY.error(V2Layout.ROOT, s.revision());
    }
  }

  private void walk(String path) {
    s.walk(path);
  }

  /** Creates the missing directories on the way (etcd's checkDir); answers the inherited lease. */
  private long ensureParents(List<String> dirs) {
    long inherited = 0;
    for (String dir : dirs) {
      if (s.file(dir) != null) {
        throw V2ErrorCode.NOT_DIR.error(dir, s.revision());
      }
      KeyValue d = s.dir(dir);
      if (d == null) {
        ops.add(PutRequest.of(V2Layout.dirKey(dir), Bytes.EMPTY).withLease(inherited));
      } else if (d.lease() != 0) {
        inherited = d.lease();
      }
    }
    return inherited;
  }

  /** The lease of the nearest directory above {@code path} that has one (a TTL'd directory). */
  private long inheritedLease(String path) {
    long inherited = 0;
    for (String dir : V2Layout.ancestors(path)) {
      KeyValue d = s.dir(dir);
      if (d != null && d.lease() != 0) {
        inherited = d.lease();
      }
    }
    return inherited;
  }

  private V2Node putFile(String path, String value, long lease, long created) {
    ops.add(PutRequest.of(V2Layout.fileKey(path), Bytes.of(value)).withLease(lease));
    return new V2Node(path, value, false, null, null, null, 0L, created);
  }

  private V2Node putDir(String path, long lease, long created) {
    ops.add(PutRequest.of(V2Layout.dirKey(path), Bytes.EMPTY).withLease(lease));
    return new V2Node(path, null, true, null, null, null, 0L, created);
  }

  private WritePlan done(String action, String path, V2Node node, V2Node prev, long lease) {
    ops.add(PutRequest.of(V2Layout.recordKey(),
        new WriteRecord(action, path, req.refresh()).encode()));
    TxnRequest txn = new TxnRequest(compares, ops, List.of());
    return new WritePlan(txn, action, node, prev, lease, req.refresh());
  }

  static V2Node fileNode(String path, KeyValue kv) {
    return V2Node.file(path, kv.value().toStringUtf8(), kv.modRevision(), kv.createRevision());
  }

  static V2Node dirNode(String path, KeyValue kv) {
    return kv == null ? V2Node.dir(V2Layout.ROOT, 0, 0)
        : V2Node.dir(path, kv.modRevision(), kv.createRevision());
  }
}
