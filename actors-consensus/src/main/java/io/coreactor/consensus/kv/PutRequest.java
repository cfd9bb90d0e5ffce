package io.coreactor.consensus.kv;

/**
 * Writes a key (etcd's {@code PutRequest}). {@code ignoreValue} and {@code ignoreLease} keep the
 * key's current value or lease, which requires the key to exist.
 */
public record PutRequest(
    Bytes key, Bytes value, long lease, boolean prevKv, boolean ignoreValue, boolean ignoreLease)
    implements KvRequest, RequestOp {

  public PutRequest {
    key = key == null ? Bytes.EMPTY : key;
    value = value == null ? Bytes.EMPTY : value;
  }

  public static PutRequest of(Bytes key, Bytes value) {
    return new PutRequest(key, value, 0, false, false, false);
  }

  public PutRequest withLease(long lease) {
    return new PutRequest(key, value, lease, prevKv, ignoreValue, ignoreLease);
  }

  public PutRequest withPrevKv(boolean prevKv) {
    return new PutRequest(key, value, lease, prevKv, ignoreValue, ignoreLease);
  }

  public PutRequest withIgnoreValue(boolean ignoreValue) {
    return new PutRequest(key, value, lease, prevKv, ignoreValue, ignoreLease);
  }

  public PutRequest withIgnoreLease(boolean ignoreLease) {
    return new PutRequest(key, value, lease, prevKv, ignoreValue, ignoreLease);
  }
}
