package io.coreactor.gateway.v2;

import io.coreactor.consensus.kv.Bytes;

/**
 * The record every v2 write puts at {@link V2Layout#recordKey()} in its own txn: which etcd 2
 * action it was and on which node, so a watcher can tell "set" from "compareAndSwap" and a
 * lease's expiry (a revision without a record) from a delete.
 */
public record WriteRecord(String action, String path, boolean refresh) {

  public Bytes encode() {
    return Bytes.of(action + "\n" + (refresh ? "1" : "0") + "\n" + path);
  }

  /** The record in a stored value, or null if it is not one. */
  public static WriteRecord decode(Bytes value) {
    String[] parts = value.toStringUtf8().split("\n", 3);
    return parts.length == 3 ? new WriteRecord(parts[0], parts[2], parts[1].equals("1")) : null;
  }
}
