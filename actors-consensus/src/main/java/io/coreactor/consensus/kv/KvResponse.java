package io.coreactor.consensus.kv;

/** The answer to a {@link KvRequest} or a read. */
public sealed interface KvResponse
    permits RangeResponse, PutResponse, DeleteRangeResponse, TxnResponse, CompactionResponse,
        LeaseGrantResponse, LeaseRevokeResponse, LeaseTimeToLiveResponse, LeaseLeasesResponse {

  ResponseHeader header();
}
