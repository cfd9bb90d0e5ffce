package io.coreactor.consensus.kv;

import java.util.List;

/**
 * The keys a range found (etcd's {@code RangeResponse}); {@code more} says the limit cut the
 * result short and {@code count} is the number of keys in the whole range.
 */
public record RangeResponse(ResponseHeader header, List<KeyValue> kvs, boolean more, long count)
    implements KvResponse, ResponseOp {

  public RangeResponse {
    kvs = List.copyOf(kvs);
  }
}
