package io.coreactor.consensus.server;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * What the KV server puts in a Raft entry (etcd's {@code InternalRaftRequest}): a KV command
 * ({@link io.coreactor.consensus.kv.KvCommand}) or a member update, tagged with the member that
 * proposed it and that member's request id. Every replica applies it; only the proposer's own
 * replica answers the waiting caller, so responses never have to cross JVMs (as in etcd, whose
 * followers wait on their own apply). Layout: magic, kind, origin, request id, payload.
 */
record InternalRequest(Kind kind, long origin, long requestId, byte[] payload) {

  /** What the payload is. */
  enum Kind {
    /** A {@code KvCommand}. */
    KV,
    /** A member's name, client URLs and peer URLs, published by the member itself on start. */
    PUBLISH,
    /** New peer URLs for a member (etcd's member update), a change of attributes only. */
    UPDATE_MEMBER
  }

  private static final byte MAGIC = (byte) 0xE7;
  private static final int HEADER = 18;

  /** A request nobody waits for: proposed by the server itself (lease expiry, compaction). */
  static InternalRequest unattended(Kind kind, byte[] payload) {
    return new InternalRequest(kind, 0, 0, payload);
  }

  byte[] encode() {
    return ByteBuffer.allocate(HEADER + payload.length).put(MAGIC).put((byte) kind.ordinal())
        .putLong(origin).putLong(requestId).put(payload).array();
  }

  /**
   * Reads what {@link #encode} wrote.
   *
   * @throws IllegalArgumentException for anything else
   */
  static InternalRequest decode(byte[] data) {
    if (data.length < HEADER || data[0] != MAGIC || data[1] < 0 || data[1] >= Kind.values().length) {
      throw new IllegalArgumentException("not a KV server entry (" + data.length + " bytes)");
    }
    ByteBuffer b = ByteBuffer.wrap(data, 2, HEADER - 2);
    return new InternalRequest(Kind.values()[data[1]], b.getLong(), b.getLong(),
        Arrays.copyOfRange(data, HEADER, data.length));
  }
}
