package io.coreactor.consensus.kv;

/**
 * One condition of a txn (etcd's {@code Compare}): the {@code target} field of every key in
 * [key, rangeEnd) (just {@code key} when rangeEnd is empty) compared with a number, or with
 * {@code value} for a VALUE compare. A key that does not exist has version, revisions and lease
 * 0, and fails every VALUE compare.
 */
public record Compare(
    Result result, Target target, Bytes key, Bytes rangeEnd, long number, Bytes value) {

  /** The comparison; declared in rpc.proto's order, so ordinals are the wire numbers. */
  public enum Result { EQUAL, GREATER, LESS, NOT_EQUAL }

  /** The compared field; declared in rpc.proto's order, so ordinals are the wire numbers. */
  public enum Target { VERSION, CREATE, MOD, VALUE, LEASE }

  public Compare {
    if (result == null || target == null) {
      throw new IllegalArgumentException("compare needs a result and a target");
    }
    key = key == null ? Bytes.EMPTY : key;
    rangeEnd = rangeEnd == null ? Bytes.EMPTY : rangeEnd;
    value = value == null ? Bytes.EMPTY : value;
  }

  public static Compare version(Bytes key, Result result, long version) {
    return new Compare(result, Target.VERSION, key, Bytes.EMPTY, version, Bytes.EMPTY);
  }

  public static Compare createRevision(Bytes key, Result result, long revision) {
    return new Compare(result, Target.CREATE, key, Bytes.EMPTY, revision, Bytes.EMPTY);
  }

  public static Compare modRevision(Bytes key, Result result, long revision) {
    return new Compare(result, Target.MOD, key, Bytes.EMPTY, revision, Bytes.EMPTY);
  }

  public static Compare value(Bytes key, Result result, Bytes value) {
    return new Compare(result, Target.VALUE, key, Bytes.EMPTY, 0, value);
  }

  public static Compare lease(Bytes key, Result result, long lease) {
    return new Compare(result, Target.LEASE, key, Bytes.EMPTY, lease, Bytes.EMPTY);
  }

  /** The same compare over [key, rangeEnd), with etcd's special range ends. */
  public Compare withRangeEnd(Bytes rangeEnd) {
    return new Compare(result, target, key, rangeEnd, number, value);
  }

  /** Whether one key's current version (or the zero version of a missing key) satisfies this. */
  boolean matches(KeyValue kv) {
    int c = switch (target) {
      case VALUE -> kv.value().compareTo(value);
      case CREATE -> Long.compare(kv.createRevision(), number);
      case MOD -> Long.compare(kv.modRevision(), number);
      case VERSION -> Long.compare(kv.version(), number);
      case LEASE -> Long.compare(kv.lease(), number);
    };
    return switch (result) {
      case EQUAL -> c == 0;
      case NOT_EQUAL -> c != 0;
      case GREATER -> c > 0;
      case LESS -> c < 0;
    };
  }
}
