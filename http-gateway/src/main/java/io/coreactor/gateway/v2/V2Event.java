package io.coreactor.gateway.v2;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * What etcd 2 answers for a keys request or a watch: the action, the node after it and the node
 * before it; {@code index} is the store index reported in {@code X-Etcd-Index}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"action", "node", "prevNode", "refresh"})
public record V2Event(String action, V2Node node, V2Node prevNode, Boolean refresh,
                      @JsonIgnore long index) {

  public V2Event {
    refresh = Boolean.TRUE.equals(refresh) ? Boolean.TRUE : null;
  }

  /** etcd answers 201 for a create, and for a set that made a new node. */
  @JsonIgnore
  public boolean isCreated() {
    return "create".equals(action) || ("set".equals(action) && prevNode == null);
  }

  /** The event without its nodes, for {@code noValueOnSuccess}. */
  public V2Event withoutNodes() {
    return new V2Event(action, null, null, refresh, index);
  }

  public V2Event withNode(V2Node newNode) {
    return new V2Event(action, newNode, prevNode, refresh, index);
  }
}
