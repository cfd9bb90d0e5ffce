package io.coreactor.consensus.kv;

/**
 * Creates a lease (etcd's {@code LeaseGrantRequest}) of {@code ttl} seconds; {@code id} 0 lets
 * the state machine choose one from the Raft index.
 */
public record LeaseGrantRequest(long ttl, long id) implements KvRequest {
}
