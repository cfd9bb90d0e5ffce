package io.coreactor.gateway.v2;

import io.coreactor.consensus.kv.KeyValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * Renders what a GET sees of a path (etcd's {@code loadInternalNode}/{@code Repr}): a file with
 * its value, or a directory with its children, all levels when recursive, one level otherwise;
 * hidden nodes (names starting with '_') are never listed, and children come in key order.
 */
final class NodeTree {

  /** What etcd shows of a TTL'd node: its expiration time and remaining seconds. */
  record Ttl(String expiration, long remaining) {}

  private final Snapshot s;
  private final LongFunction<Ttl> ttls;
  private final Map<String, List<KeyValue>> children = new HashMap<>();
  private final Map<String, Boolean> dirs = new HashMap<>();

  private NodeTree(Snapshot s, LongFunction<Ttl> ttls) {
    this.s = s;
    this.ttls = ttls;
    for (KeyValue kv : s.subtree()) {
      V2Layout.NodeKey nk = V2Layout.parse(kv.key());
      if (nk == null || nk.path().equals(s.path())) {
        continue;
      }
      children.computeIfAbsent(V2Layout.parent(nk.path()), k -> new ArrayList<>()).add(kv);
      if (nk.dir()) {
        dirs.put(nk.path(), true);
      }
    }
  }

  /**
   * The node at the snapshot's path, which must exist ({@link Snapshot#walk} first).
   *
   * @param ttls the TTL of a lease id, or null when unknown
   */
  static V2Node render(Snapshot s, boolean recursive, LongFunction<Ttl> ttls) {
    NodeTree t = new NodeTree(s, ttls);
    String path = s.path();
    KeyValue f = s.file(path);
    if (f != null) {
      return t.withTtl(KeysPlanner.fileNode(path, f), f.lease());
    }
    KeyValue d = s.dir(path);
    V2Node dir = t.withTtl(KeysPlanner.dirNode(path, d), d == null ? 0 : d.lease());
    return dir.withNodes(t.list(path, recursive));
  }

  private List<V2Node> list(String dir, boolean recursive) {
    List<V2Node> out = new ArrayList<>();
    for (KeyValue kv : children.getOrDefault(dir, List.of())) {
      V2Layout.NodeKey nk = V2Layout.parse(kv.key());
      String name = nk.path().substring(nk.path().lastIndexOf('/') + 1);
      if (name.startsWith("_")) {
        continue;
      }
      if (!nk.dir()) {
        out.add(withTtl(KeysPlanner.fileNode(nk.path(), kv), kv.lease()));
        continue;
      }
      V2Node node = withTtl(KeysPlanner.dirNode(nk.path(), kv), kv.lease());
      out.add(recursive ? node.withNodes(list(nk.path(), true)) : node);
    }
    return out;
  }

  private V2Node withTtl(V2Node node, long lease) {
    Ttl ttl = lease == 0 ? null : ttls.apply(lease);
    return ttl == null ? node : node.withTtl(ttl.expiration(), ttl.remaining());
  }
}
