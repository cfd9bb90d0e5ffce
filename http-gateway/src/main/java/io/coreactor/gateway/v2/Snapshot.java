package io.coreactor.gateway.v2;

import io.coreactor.consensus.kv.Bytes;
import io.coreactor.consensus.kv.Compare;
import io.coreactor.consensus.kv.KeyValue;
import io.coreactor.consensus.kv.RangeRequest;
import io.coreactor.consensus.kv.RangeResponse;
import io.coreactor.consensus.kv.RequestOp;
import io.coreactor.consensus.kv.ResponseOp;
import io.coreactor.consensus.kv.TxnRequest;
import io.coreactor.consensus.kv.TxnResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one read-only v3 txn saw of a v2 path, all at one revision: the file and directory keys
 * of the path and of each ancestor, and the subtree below the path (whole, or only counted).
 * A write built on it carries {@link #guards()}, so it commits only if none of that changed.
 */
public record Snapshot(String path, long revision, Map<Bytes, KeyValue> kvs, List<Bytes> read,
                       List<KeyValue> subtree, long childCount) {

  public Snapshot {
    kvs = Map.copyOf(kvs);
    read = List.copyOf(read);
    subtree = List.copyOf(subtree);
  }

  /** The linearizable read of {@code path}: its keys, its ancestors' keys and its subtree (whole or counted). */
  public static TxnRequest request(String path, boolean wholeSubtree) {
    return request(path, wholeSubtree, false);
  }

  /**
   * The read of {@code path}; a serializable one reads this member's state without a ReadIndex
   * round, which may be stale: fine for a write, whose txn commits only if what it read still
   * holds, and for etcd 2's default GET, which is served by the member asked.
   */
  public static TxnRequest request(String path, boolean wholeSubtree, boolean serializable) {
    List<RequestOp> ops = new ArrayList<>();
    for (Bytes key : pointKeys(path)) {
      ops.add(RangeRequest.key(key).withSerializable(serializable));
    }
    ops.add((wholeSubtree
        ? RangeRequest.range(V2Layout.dirKey(path), V2Layout.subtreeEnd(path))
        : RangeRequest.range(V2Layout.childrenStart(path), V2Layout.subtreeEnd(path))
            .withCountOnly(true)).withSerializable(serializable));
    return new TxnRequest(List.of(), ops, List.of());
  }

  /** The snapshot a {@link #request} answered. */
  public static Snapshot of(String path, TxnResponse response) {
    List<Bytes> keys = pointKeys(path);
    Map<Bytes, KeyValue> kvs = new HashMap<>();
    List<ResponseOp> rs = response.responses();
    for (int i = 0; i < keys.size(); i++) {
      RangeResponse r = (RangeResponse) rs.get(i);
      if (!r.kvs().isEmpty()) {
        kvs.put(keys.get(i), r.kvs().get(0));
      }
    }
    RangeResponse sub = (RangeResponse) rs.get(keys.size());
    return new Snapshot(path, response.header().revision(), kvs, keys, sub.kvs(), sub.count());
  }

  private static List<Bytes> pointKeys(String path) {
    List<Bytes> keys = new ArrayList<>();
    for (String a : V2Layout.ancestors(path)) {
      keys.add(V2Layout.fileKey(a));
      keys.add(V2Layout.dirKey(a));
    }
    if (!V2Layout.ROOT.equals(path)) {
      keys.add(V2Layout.fileKey(path));
      keys.add(V2Layout.dirKey(path));
    }
    return keys;
  }

  public KeyValue file(String p) {
    return kvs.get(V2Layout.fileKey(p));
  }

  public KeyValue dir(String p) {
    return V2Layout.ROOT.equals(p) ? null : kvs.get(V2Layout.dirKey(p));
  }

  public boolean isDir(String p) {
    return V2Layout.ROOT.equals(p) || dir(p) != null;
  }

  public boolean exists(String p) {
    return isDir(p) || file(p) != null;
  }

  /**
   * etcd's internalGet walk down to {@code path}: a file on the way is 104 and a missing step
   * 100, each naming that step.
   */
  public void walk(String path) {
    List<String> steps = new ArrayList<>(V2Layout.ancestors(path));
    if (!V2Layout.ROOT.equals(path)) {
      steps.add(path);
    }
    for (String step : steps) {
      String parent = V2Layout.parent(step);
      if (!isDir(parent)) {
        throw V2ErrorCode.NOT_DIR.error(parent, revision);
      }
      if (!exists(step)) {
        throw V2ErrorCode.KEY_NOT_FOUND.error(step, revision);
      }
    }
  }

  /** Compares that hold exactly while every key this snapshot read is as it was. */
  public List<Compare> guards() {
    List<Compare> out = new ArrayList<>();
    for (Bytes key : read) {
      KeyValue kv = kvs.get(key);
      out.add(kv == null
          ? Compare.createRevision(key, Compare.Result.EQUAL, 0)
          : Compare.modRevision(key, Compare.Result.EQUAL, kv.modRevision()));
    }
    return out;
  }

  /** A compare that holds while {@code path} has no children. */
  public Compare noChildren() {
    return Compare.createRevision(V2Layout.childrenStart(path), Compare.Result.EQUAL, 0)
        .withRangeEnd(V2Layout.subtreeEnd(path));
  }

  /** A compare that holds while nothing below {@code path} changed since this snapshot. */
  public Compare subtreeUnchanged() {
    return Compare.modRevision(V2Layout.dirKey(path), Compare.Result.LESS, revision + 1)
        .withRangeEnd(V2Layout.subtreeEnd(path));
  }
}
