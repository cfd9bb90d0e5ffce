package io.coreactor.consensus.raft;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A single-server membership change (Raft thesis §4.1): add a voter (or promote a learner),
 * add a learner, or remove a member. Carried in a CONF_CHANGE entry; takes effect when the
 * entry is committed, and a leader allows only one uncommitted change at a time. The
 * {@code context} is opaque to Raft (etcd carries the member's attributes, such as its peer
 * URLs, there), so whatever applies the entry sees it at the same index on every replica.
 */
public record ConfChange(Type type, long nodeId, String context) {

  /** The kind of membership change. */
  public enum Type { ADD_VOTER, ADD_LEARNER, REMOVE }

  public ConfChange {
    context = context == null ? "" : context;
  }

  public ConfChange(Type type, long nodeId) {
    this(type, nodeId, "");
  }

  public byte[] encode() {
    byte[] ctx = context.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(9 + ctx.length).put((byte) type.ordinal()).putLong(nodeId).put(ctx).array();
  }

  public static ConfChange decode(byte[] data) {
    if (data.length < 9 || data[0] < 0 || data[0] >= Type.values().length) {
      throw new IllegalArgumentException("not a conf change: " + data.length + " bytes");
    }
    ByteBuffer b = ByteBuffer.wrap(data);
    Type type = Type.values()[b.get()];
    long id = b.getLong();
    return new ConfChange(type, id, new String(data, 9, data.length - 9, StandardCharsets.UTF_8));
  }
}
