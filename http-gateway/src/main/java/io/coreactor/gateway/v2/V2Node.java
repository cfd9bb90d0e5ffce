package io.coreactor.gateway.v2;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * A node as etcd 2 renders it ({@code NodeExtern}): absent fields are omitted exactly where etcd
 * omits them (the root has no key, a directory no value, a permanent node no TTL).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"key", "value", "dir", "expiration", "ttl", "nodes", "modifiedIndex",
    "createdIndex"})
public record V2Node(String key, String value, Boolean dir, String expiration, Long ttl,
                     List<V2Node> nodes, Long modifiedIndex, Long createdIndex) {

  public V2Node {
    key = key == null || key.equals(V2Layout.ROOT) ? null : key;
    dir = Boolean.TRUE.equals(dir) ? Boolean.TRUE : null;
    ttl = ttl == null || ttl == 0 ? null : ttl;
    nodes = nodes == null || nodes.isEmpty() ? null : List.copyOf(nodes);
    modifiedIndex = modifiedIndex == null || modifiedIndex == 0 ? null : modifiedIndex;
    createdIndex = createdIndex == null || createdIndex == 0 ? null : createdIndex;
  }

  public static V2Node file(String key, String value, long modifiedIndex, long createdIndex) {
    return new V2Node(key, value, false, null, null, null, modifiedIndex, createdIndex);
  }

  public static V2Node dir(String key, long modifiedIndex, long createdIndex) {
    return new V2Node(key, null, true, null, null, null, modifiedIndex, createdIndex);
  }

  public boolean directory() {
    return Boolean.TRUE.equals(dir);
  }

  public V2Node withNodes(List<V2Node> children) {
    return new V2Node(key, value, dir, expiration, ttl, children, modifiedIndex, createdIndex);
  }

  public V2Node withTtl(String expiresAt, long remaining) {
    return new V2Node(key, value, dir, expiresAt, remaining, nodes, modifiedIndex, createdIndex);
  }

  /** The node as a delete event shows it: key, dir flag and indexes, no value. */
  public V2Node deleted(long modified) {
    return new V2Node(key, null, dir, null, null, null, modified, createdIndex);
  }
}
