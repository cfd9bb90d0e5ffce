package io.coreactor.consensus.kv;

/** Asks about a lease (etcd's {@code LeaseTimeToLiveRequest}), optionally with its keys. */
public record LeaseTimeToLiveRequest(long id, boolean keys) {
}
