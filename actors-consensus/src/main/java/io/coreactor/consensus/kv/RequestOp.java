package io.coreactor.consensus.kv;

/** One operation inside a {@link TxnRequest} branch (etcd's {@code RequestOp}). */
public sealed interface RequestOp permits RangeRequest, PutRequest, DeleteRangeRequest, TxnRequest {
}
