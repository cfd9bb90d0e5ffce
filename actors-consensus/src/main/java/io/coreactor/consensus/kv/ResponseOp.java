package io.coreactor.consensus.kv;

/** The answer to one {@link RequestOp} of a txn (etcd's {@code ResponseOp}). */
public sealed interface ResponseOp
    permits RangeResponse, PutResponse, DeleteRangeResponse, TxnResponse {
}
