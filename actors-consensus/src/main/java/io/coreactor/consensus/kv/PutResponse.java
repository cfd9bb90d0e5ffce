package io.coreactor.consensus.kv;

/** The result of a put (etcd's {@code PutResponse}); {@code prevKv} is null unless asked for. */
public record PutResponse(ResponseHeader header, KeyValue prevKv)
    implements KvResponse, ResponseOp {
}
