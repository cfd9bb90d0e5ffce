package io.coreactor.consensus.kv;

/**
 * Discards history before {@code revision} (etcd's {@code CompactionRequest}). {@code physical}
 * is kept for the API's sake: compaction here is always complete when the response is out.
 */
public record CompactionRequest(long revision, boolean physical) implements KvRequest {
}
