package io.coreactor.consensus.client;

import io.coreactor.consensus.kv.ResponseHeader;

/** A renewed lease (etcd's {@code LeaseKeepAliveResponse}): its id and the TTL it now has. */
public record LeaseKeepAliveResponse(ResponseHeader header, long id, long ttl) {}
