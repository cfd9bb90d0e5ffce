package io.coreactor.consensus.kv;

/** The result of a compaction (etcd's {@code CompactionResponse}). */
public record CompactionResponse(ResponseHeader header) implements KvResponse {
}
