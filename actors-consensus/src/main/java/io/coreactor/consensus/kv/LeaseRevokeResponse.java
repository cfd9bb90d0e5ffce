package io.coreactor.consensus.kv;

/** The result of revoking a lease (etcd's {@code LeaseRevokeResponse}). */
public record LeaseRevokeResponse(ResponseHeader header) implements KvResponse {
}
