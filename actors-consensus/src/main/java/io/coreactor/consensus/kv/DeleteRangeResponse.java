package io.coreactor.consensus.kv;

import java.util.List;

/** The result of a delete (etcd's {@code DeleteRangeResponse}). */
public record DeleteRangeResponse(ResponseHeader header, long deleted, List<KeyValue> prevKvs)
    implements KvResponse, ResponseOp {

  public DeleteRangeResponse {
    prevKvs = List.copyOf(prevKvs);
  }
}
