package io.coreactor.consensus.raft;

import java.nio.ByteBuffer;

/**
 * A single-server membership change (Raft thesis §4.1): add a voter (or promote a learner),
 * add a learner, or remove a member. Carried in a CONF_CHANGE entry; takes effect when the
 * entry is committed, and a leader allows only one uncommitted change at a time.
 */
public record ConfChange(Type type, long nodeId) {

  /** The kind of membership change. */
  public enum Type { ADD_VOTER, ADD_LEARNER, REMOVE }

  public byte[] encode() {
    return ByteBuffer.allocate(9).put((byte) type.ordinal()).putLong(nodeId).array();
  }

  public static ConfChange decode(byte[] data) {
    if (data.length != 9) {
      throw new IllegalArgumentException("conf change must be 9 bytes, got " + data.length);
    }
    ByteBuffer b = ByteBuffer.wrap(data);
    return new ConfChange(Type.values()[b.get()], b.getLong());
  }
}
