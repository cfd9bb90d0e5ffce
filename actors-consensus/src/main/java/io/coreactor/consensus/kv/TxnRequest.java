package io.coreactor.consensus.kv;

import java.util.List;

/**
 * An atomic if/then/else (etcd's {@code TxnRequest}): when every compare holds the success ops
 * run, otherwise the failure ops; all of it happens at one revision.
 */
public record TxnRequest(List<Compare> compare, List<RequestOp> success, List<RequestOp> failure)
    implements KvRequest, RequestOp {

  public TxnRequest {
    compare = compare == null ? List.of() : List.copyOf(compare);
    success = success == null ? List.of() : List.copyOf(success);
    failure = failure == null ? List.of() : List.copyOf(failure);
  }

  /** True when no branch writes: such a txn never changes the revision. */
  public boolean isReadOnly() {
    return success.stream().allMatch(op -> op instanceof RangeRequest)
        && failure.stream().allMatch(op -> op instanceof RangeRequest);
  }
}
