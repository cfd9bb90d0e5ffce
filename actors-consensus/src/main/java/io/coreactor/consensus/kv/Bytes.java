package io.coreactor.consensus.kv;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/** An immutable byte string, ordered like etcd's key space: unsigned and lexicographic. */
public final class Bytes implements Comparable<Bytes> {

  /** The empty byte string: as a range end it means "just the key". */
  public static final Bytes EMPTY = new Bytes(new byte[0]);

  /** The one-byte string {@code "\0"}: as a range end it means "every key from the key on". */
  public static final Bytes ZERO = new Bytes(new byte[] {0});

  private final byte[] bytes;
  private int hash;

  private Bytes(byte[] bytes) {
    this.bytes = bytes;
  }

  /** A copy of {@code bytes}; null is the empty string. */
  public static Bytes copyOf(byte[] bytes) {
    return bytes == null || bytes.length == 0 ? EMPTY : new Bytes(bytes.clone());
  }

  /** The UTF-8 encoding of {@code text}. */
  public static Bytes of(String text) {
    return wrap(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Takes ownership of {@code bytes} without copying: only for arrays nobody else holds. */
  static Bytes wrap(byte[] bytes) {
    return bytes.length == 0 ? EMPTY : new Bytes(bytes);
  }

  /** The array itself, for encoders that only read it. */
  byte[] array() {
    return bytes;
  }

  public byte[] toByteArray() {
    return bytes.clone();
  }

  public int size() {
    return bytes.length;
  }

  public boolean isEmpty() {
    return bytes.length == 0;
  }

  public String toStringUtf8() {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /**
   * The range end that selects every key with this prefix (clientv3's {@code GetPrefixRangeEnd}):
   * the last byte below 0xff is incremented and what follows it dropped; when there is no such
   * byte every key from this one on has the prefix, so the end is {@link #ZERO}.
   */
  public Bytes prefixEnd() {
    for (int i = bytes.length - 1; i >= 0; i--) {
      if (bytes[i] != (byte) 0xff) {
        byte[] end = Arrays.copyOf(bytes, i + 1);
        end[i]++;
        return new Bytes(end);
      }
    }
    return ZERO;
  }

  @Override
  public int compareTo(Bytes o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bytes b && Arrays.equals(bytes, b.bytes);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = Arrays.hashCode(bytes);
      hash = h;
    }
    return h;
  }

  /** Printable ASCII as text, anything else as hex, so keys read well in test failures. */
  @Override
  public String toString() {
    for (byte b : bytes) {
      if (b < 0x20 || b > 0x7e) {
        return "0x" + HexFormat.of().formatHex(bytes);
      }
    }
    return new String(bytes, StandardCharsets.US_ASCII);
  }
}
