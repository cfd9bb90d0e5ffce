package io.coreactor.consensus.kv;

/** Deletes a key or a range, with {@link RangeRequest}'s range rules (etcd's DeleteRangeRequest). */
public record DeleteRangeRequest(Bytes key, Bytes rangeEnd, boolean prevKv)
    implements KvRequest, RequestOp {

  public DeleteRangeRequest {
    key = key == null ? Bytes.EMPTY : key;
    rangeEnd = rangeEnd == null ? Bytes.EMPTY : rangeEnd;
  }

  public static DeleteRangeRequest key(Bytes key) {
    return new DeleteRangeRequest(key, Bytes.EMPTY, false);
  }

  public static DeleteRangeRequest range(Bytes key, Bytes rangeEnd) {
    return new DeleteRangeRequest(key, rangeEnd, false);
  }

  public static DeleteRangeRequest prefix(Bytes prefix) {
    return new DeleteRangeRequest(prefix, prefix.prefixEnd(), false);
  }

  public DeleteRangeRequest withPrevKv(boolean prevKv) {
    return new DeleteRangeRequest(key, rangeEnd, prevKv);
  }
}
