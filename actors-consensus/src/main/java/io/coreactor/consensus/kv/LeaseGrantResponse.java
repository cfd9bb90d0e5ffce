package io.coreactor.consensus.kv;

/** A granted lease (etcd's {@code LeaseGrantResponse}); {@code ttl} is the granted TTL. */
public record LeaseGrantResponse(ResponseHeader header, long id, long ttl) implements KvResponse {
}
