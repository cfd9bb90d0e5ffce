package io.coreactor.consensus.kv;

import java.util.Arrays;

/**
 * Appends the compact encoding shared by commands, snapshots and the content hash: signed
 * numbers as zigzag varints, byte strings length-prefixed. Same values, same bytes.
 */
final class WireWriter {

  private byte[] buf;
  private int size;

  WireWriter() {
    this(64);
  }

  /** A writer that holds {@code capacity} bytes before it grows (a snapshot knows its size roughly). */
  WireWriter(int capacity) {
    buf = new byte[Math.max(16, capacity)];
  }

  void writeByte(int b) {
    ensure(1);
    buf[size++] = (byte) b;
  }

  /** Appends bytes as they are, without a length. */
  void writeRaw(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buf, size, bytes.length);
    size += bytes.length;
  }

  void writeBool(boolean b) {
    writeByte(b ? 1 : 0);
  }

  void writeLong(long v) {
    writeUnsigned((v << 1) ^ (v >> 63));
  }

  void writeUnsigned(long v) {
    ensure(10);
    while ((v & ~0x7FL) != 0) {
      buf[size++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[size++] = (byte) v;
  }

  void writeFixedInt(int v) {
    ensure(4);
    buf[size++] = (byte) (v >>> 24);
    buf[size++] = (byte) (v >>> 16);
    buf[size++] = (byte) (v >>> 8);
    buf[size++] = (byte) v;
  }

  void writeBytes(Bytes b) {
    byte[] a = b.array();
    writeUnsigned(a.length);
    ensure(a.length);
    System.arraycopy(a, 0, buf, size, a.length);
    size += a.length;
  }

  void writeKeyValue(KeyValue kv) {
    writeBytes(kv.key());
    writeLong(kv.createRevision());
    writeLong(kv.modRevision());
    writeLong(kv.version());
    writeBytes(kv.value());
    writeLong(kv.lease());
  }

  int size() {
    return size;
  }

  /** The internal buffer; only its first {@link #size()} bytes are written. */
  byte[] buffer() {
    return buf;
  }

  void reset() {
    size = 0;
  }

  /** The bytes written; the buffer itself when it was sized exactly (no copy). */
  byte[] toByteArray() {
    return size == buf.length ? buf : Arrays.copyOf(buf, size);
  }

  /** How many bytes {@link #writeUnsigned} takes for {@code v}. */
  static int sizeOfUnsigned(long v) {
    int n = 1;
    while ((v & ~0x7FL) != 0) {
      v >>>= 7;
      n++;
    }
    return n;
  }

  /** How many bytes {@link #writeLong} takes for {@code v}. */
  static int sizeOfLong(long v) {
    return sizeOfUnsigned((v << 1) ^ (v >> 63));
  }

  /** How many bytes {@link #writeKeyValue} takes for {@code kv}. */
  static long sizeOfKeyValue(KeyValue kv) {
    int key = kv.key().array().length;
    int value = kv.value().array().length;
    return sizeOfUnsigned(key) + key + sizeOfLong(kv.createRevision()) + sizeOfLong(kv.modRevision())
        + sizeOfLong(kv.version()) + sizeOfUnsigned(value) + value + sizeOfLong(kv.lease());
  }

  private void ensure(int n) {
    if (size + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
    }
  }
}
