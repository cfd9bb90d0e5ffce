package io.coreactor.consensus.kv;

/** A request the state machine applies from the Raft log; {@link KvCommand} encodes it. */
public sealed interface KvRequest
    permits RangeRequest, PutRequest, DeleteRangeRequest, TxnRequest, CompactionRequest,
        LeaseGrantRequest, LeaseRevokeRequest {
}
