package io.coreactor.consensus.kv;

/**
 * One version of a key (etcd's {@code mvccpb.KeyValue}). {@code version} counts the puts since
 * the key was last created and is reset by a delete; {@code lease} is 0 when none is attached.
 */
public record KeyValue(
    Bytes key, long createRevision, long modRevision, long version, Bytes value, long lease) {

  public KeyValue {
    if (key == null) {
      key = Bytes.EMPTY;
    }
    if (value == null) {
      value = Bytes.EMPTY;
    }
  }

  /** The marker a delete leaves in history: etcd's event shape, key and mod revision only. */
  static KeyValue tombstone(Bytes key, long revision) {
    return new KeyValue(key, 0, revision, 0, Bytes.EMPTY, 0);
  }

  /** A put always has a create revision; only a delete's marker lacks one. */
  boolean isTombstone() {
    return createRevision == 0;
  }

  /** The same version without its value, as a {@code keys_only} range returns it. */
  public KeyValue withoutValue() {
    return new KeyValue(key, createRevision, modRevision, version, Bytes.EMPTY, lease);
  }
}
