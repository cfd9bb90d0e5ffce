package io.coreactor.consensus.node;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Writes {@link RaftWireSerializer}'s format into a buffer or, made by {@link #counting()},
 * only counts the bytes it would write, so that one encoding method both sizes and fills a
 * buffer. Longs are zigzag varints (indexes and terms are small, -1 is one byte); node ids,
 * which are hashes, are fixed eight bytes.
 */
final class WireOut {

  private final ByteBuffer buf;
  private int size;

  private WireOut(ByteBuffer buf) {
    this.buf = buf;
  }

  /** A writer that counts instead of writing. */
  static WireOut counting() {
    return new WireOut(null);
  }

  /** A writer into {@code buf}, from its position. */
  static WireOut into(ByteBuffer buf) {
    return new WireOut(buf);
  }

  /** Bytes counted so far (counting writers only). */
  int size() {
    return size;
  }

  void putByte(int b) {
    if (buf == null) {
      size++;
    } else {
      buf.put((byte) b);
    }
  }

  void putBoolean(boolean b) {
    putByte(b ? 1 : 0);
  }

  void putFixedLong(long v) {
    if (buf == null) {
      size += 8;
    } else {
      buf.putLong(v);
    }
  }

  void putVarLong(long v) {
    long u = (v << 1) ^ (v >> 63);
    if (buf == null) {
      size += (64 - Long.numberOfLeadingZeros(u | 1) + 6) / 7;
      return;
    }
    while ((u & ~0x7FL) != 0) {
      buf.put((byte) ((u & 0x7F) | 0x80));
      u >>>= 7;
    }
    buf.put((byte) u);
  }

  /** A length-prefixed byte array; null is length -1. */
  void putBytes(byte[] bytes) {
    if (bytes == null) {
      putVarLong(-1);
      return;
    }
    putVarLong(bytes.length);
    if (buf == null) {
      size += bytes.length;
    } else {
      buf.put(bytes);
    }
  }

  /** A UTF-8 string, length-prefixed; null is length -1. */
  void putString(String s) {
    putBytes(s == null ? null : s.getBytes(StandardCharsets.UTF_8));
  }
}
