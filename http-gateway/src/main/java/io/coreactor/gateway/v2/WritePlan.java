package io.coreactor.gateway.v2;

import io.coreactor.consensus.kv.TxnRequest;

/**
 * One v2 write as one guarded v3 txn, and the event it will answer once committed at some
 * revision: {@code node}'s indexes of 0 mean "the revision the txn commits at".
 */
public record WritePlan(TxnRequest txn, String action, V2Node node, V2Node prevNode,
                        long nodeLease, boolean refresh) {

  /** The event this write answers, given the revision its txn committed at. */
  public V2Event event(long revision) {
    long created = node.createdIndex() == null ? revision : node.createdIndex();
    V2Node done = new V2Node(node.key(), node.value(), node.dir(), null, null, null, revision,
        created);
    return new V2Event(action, done, prevNode, refresh, revision);
  }
}
