package io.coreactor.consensus.kv;

/**
 * Ends a lease and deletes its keys at one revision (etcd's {@code LeaseRevokeRequest}); the
 * leader also proposes it when the lease expires.
 */
public record LeaseRevokeRequest(long id) implements KvRequest {
}
