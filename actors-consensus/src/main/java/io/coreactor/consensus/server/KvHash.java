package io.coreactor.consensus.server;

import io.coreactor.consensus.kv.ResponseHeader;

/**
 * etcd's HashKV answer: {@code hash} covers every kept version through the asked revision;
 * {@code header.revision} is the member's current revision, {@code compactRevision} its
 * compacted one (-1 when never compacted, as etcd reports it). Members that applied the same
 * entries agree on the hash.
 */
public record KvHash(ResponseHeader header, long hash, long compactRevision) {}
