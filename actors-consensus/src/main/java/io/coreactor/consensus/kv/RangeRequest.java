package io.coreactor.consensus.kv;

/**
 * Reads keys (etcd's {@code RangeRequest}). {@code rangeEnd} empty reads just {@code key};
 * {@link Bytes#ZERO} reads every key from {@code key} on; otherwise the range is
 * [key, rangeEnd). {@code revision} 0 reads the current revision. The filters and sort are
 * applied before {@code limit}, and {@code count} counts the whole range, as etcd 3.4 does.
 */
public record RangeRequest(
    Bytes key,
    Bytes rangeEnd,
    long limit,
    long revision,
    SortOrder sortOrder,
    SortTarget sortTarget,
    boolean serializable,
    boolean keysOnly,
    boolean countOnly,
    long minModRevision,
    long maxModRevision,
    long minCreateRevision,
    long maxCreateRevision) implements KvRequest, RequestOp {

  /** Sort direction; declared in rpc.proto's order, so ordinals are the wire numbers. */
  public enum SortOrder { NONE, ASCEND, DESCEND }

  /** Field to sort by; declared in rpc.proto's order, so ordinals are the wire numbers. */
  public enum SortTarget { KEY, VERSION, CREATE, MOD, VALUE }

  public RangeRequest {
    key = key == null ? Bytes.EMPTY : key;
    rangeEnd = rangeEnd == null ? Bytes.EMPTY : rangeEnd;
    sortOrder = sortOrder == null ? SortOrder.NONE : sortOrder;
    sortTarget = sortTarget == null ? SortTarget.KEY : sortTarget;
  }

  /** Reads one key. */
  public static RangeRequest key(Bytes key) {
    return range(key, Bytes.EMPTY);
  }

  /** Reads [key, rangeEnd), with etcd's special range ends. */
  public static RangeRequest range(Bytes key, Bytes rangeEnd) {
    return new RangeRequest(key, rangeEnd, 0, 0, null, null, false, false, false, 0, 0, 0, 0);
  }

  /** Reads every key that starts with {@code prefix}. */
  public static RangeRequest prefix(Bytes prefix) {
    return range(prefix, prefix.prefixEnd());
  }

  public RangeRequest withLimit(long limit) {
    return new RangeRequest(key, rangeEnd, limit, revision, sortOrder, sortTarget, serializable,
        keysOnly, countOnly, minModRevision, maxModRevision, minCreateRevision, maxCreateRevision);
  }

  public RangeRequest withRevision(long revision) {
    return new RangeRequest(key, rangeEnd, limit, revision, sortOrder, sortTarget, serializable,
        keysOnly, countOnly, minModRevision, maxModRevision, minCreateRevision, maxCreateRevision);
  }

  public RangeRequest withSort(SortOrder sortOrder, SortTarget sortTarget) {
    return new RangeRequest(key, rangeEnd, limit, revision, sortOrder, sortTarget, serializable,
        keysOnly, countOnly, minModRevision, maxModRevision, minCreateRevision, maxCreateRevision);
  }

  public RangeRequest withSerializable(boolean serializable) {
    return new RangeRequest(key, rangeEnd, limit, revision, sortOrder, sortTarget, serializable,
        keysOnly, countOnly, minModRevision, maxModRevision, minCreateRevision, maxCreateRevision);
  }

  public RangeRequest withKeysOnly(boolean keysOnly) {
    return new RangeRequest(key, rangeEnd, limit, revision, sortOrder, sortTarget, serializable,
        keysOnly, countOnly, minModRevision, maxModRevision, minCreateRevision, maxCreateRevision);
  }

  public RangeRequest withCountOnly(boolean countOnly) {
    return new RangeRequest(key, rangeEnd, limit, revision, sortOrder, sortTarget, serializable,
        keysOnly, countOnly, minModRevision, maxModRevision, minCreateRevision, maxCreateRevision);
  }

  /** Keeps only versions whose mod revision is within [min, max]; 0 means no bound. */
  public RangeRequest withModRevisions(long min, long max) {
    return new RangeRequest(key, rangeEnd, limit, revision, sortOrder, sortTarget, serializable,
        keysOnly, countOnly, min, max, minCreateRevision, maxCreateRevision);
  }

  /** Keeps only versions whose create revision is within [min, max]; 0 means no bound. */
  public RangeRequest withCreateRevisions(long min, long max) {
    return new RangeRequest(key, rangeEnd, limit, revision, sortOrder, sortTarget, serializable,
        keysOnly, countOnly, minModRevision, maxModRevision, min, max);
  }
}
