package io.coreactor.consensus.kv;

import java.util.List;

/**
 * The result of a txn (etcd's {@code TxnResponse}): which branch ran and one response per op of
 * that branch, in order.
 */
public record TxnResponse(ResponseHeader header, boolean succeeded, List<ResponseOp> responses)
    implements KvResponse, ResponseOp {

  public TxnResponse {
    responses = List.copyOf(responses);
  }
}
