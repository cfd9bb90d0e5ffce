package io.coreactor.consensus.kv;

import java.util.Arrays;

/** Reads what {@link WireWriter} wrote, refusing truncated or malformed input. */
final class WireReader {

  private final byte[] data;
  private int pos;

  WireReader(byte[] data) {
    this.data = data;
  }

  int readByte() {
    if (pos >= data.length) {
      throw new IllegalArgumentException("truncated data at byte " + pos);
    }
    return data[pos++] & 0xff;
  }

  boolean readBool() {
    int b = readByte();
    if (b > 1) {
      throw new IllegalArgumentException("bad boolean " + b + " at byte " + (pos - 1));
    }
    return b == 1;
  }

  long readLong() {
    long u = readUnsigned();
    return (u >>> 1) ^ -(u & 1);
  }

  long readUnsigned() {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = readByte();
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw new IllegalArgumentException("varint too long at byte " + pos);
  }

  /** A count or length, checked against what is left so bad input cannot allocate wildly. */
  int readCount() {
    long n = readUnsigned();
    if (n < 0 || n > data.length - pos) {
      throw new IllegalArgumentException("bad length " + n + " at byte " + pos);
    }
    return (int) n;
  }

  int readFixedInt() {
    return (readByte() << 24) | (readByte() << 16) | (readByte() << 8) | readByte();
  }

  Bytes readBytes() {
    int n = readCount();
    Bytes b = Bytes.wrap(Arrays.copyOfRange(data, pos, pos + n));
    pos += n;
    return b;
  }

  KeyValue readKeyValue() {
    return new KeyValue(readBytes(), readLong(), readLong(), readLong(), readBytes(), readLong());
  }

  int position() {
    return pos;
  }

  boolean atEnd() {
    return pos == data.length;
  }
}
