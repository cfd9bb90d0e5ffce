package io.coreactor.consensus.node;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads what {@link WireOut} wrote, checking every read against the bytes that remain, so
 * that a corrupt or truncated message fails with an {@link IllegalArgumentException} instead
 * of reading garbage or allocating what a broken length field claims.
 */
final class WireIn {

  private final ByteBuffer buf;

  WireIn(ByteBuffer buf) {
    this.buf = buf;
  }

  int remaining() {
    return buf.remaining();
  }

  int getByte() {
    need(1);
    return buf.get() & 0xFF;
  }

  boolean getBoolean() {
    int b = getByte();
    if (b > 1) {
      throw corrupt("boolean byte " + b);
    }
    return b == 1;
  }

  long getFixedLong() {
    need(8);
    return buf.getLong();
  }

  long getVarLong() {
    long u = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = getByte();
      u |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return (u >>> 1) ^ -(u & 1);
      }
    }
    throw corrupt("varint longer than 10 bytes");
  }

  /** A count of items each at least {@code minBytes} long, checked against the bytes left. */
  int getCount(int minBytes) {
    long n = getVarLong();
    if (n < 0 || n > buf.remaining() / minBytes) {
      throw corrupt("count " + n + " with " + buf.remaining() + " bytes left");
    }
    return (int) n;
  }

  byte[] getBytes() {
    long n = getVarLong();
    if (n == -1) {
      return null;
    }
    if (n < 0 || n > buf.remaining()) {
      throw corrupt("length " + n + " with " + buf.remaining() + " bytes left");
    }
    byte[] bytes = new byte[(int) n];
    buf.get(bytes);
    return bytes;
  }

  String getString() {
    byte[] bytes = getBytes();
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }

  /** Fails unless every byte was read. */
  void end() {
    if (buf.hasRemaining()) {
      throw corrupt(buf.remaining() + " trailing bytes");
    }
  }

  private void need(int n) {
    if (buf.remaining() < n) {
      throw corrupt("truncated: needs " + n + " more bytes, has " + buf.remaining());
    }
  }

  static IllegalArgumentException corrupt(String what) {
    return new IllegalArgumentException("corrupt Raft wire message: " + what);
  }
}
