package io.coreactor.consensus.kv;

/**
 * One change a write made, as a watcher sees it (etcd's {@code mvccpb.Event}). A DELETE's
 * {@code kv} holds only the key and the deleting revision; {@code prevKv} is the version
 * before the change, or null when the key did not exist.
 */
public record Event(Type type, KeyValue kv, KeyValue prevKv) {

  /** The kind of change. */
  public enum Type { PUT, DELETE }

  /** The same event for a watcher that did not ask for previous values. */
  public Event withoutPrevKv() {
    return new Event(type, kv, null);
  }
}
