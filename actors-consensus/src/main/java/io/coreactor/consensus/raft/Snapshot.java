package io.coreactor.consensus.raft;

import java.util.Arrays;
import java.util.Objects;

/**
 * A state machine snapshot with its position in the log. Data is opaque to Raft; an empty
 * array means the empty state machine (used for the bootstrap snapshot at index 0 that
 * records the initial voters). The data is either held in memory or, once stored, read from
 * storage when needed ({@link #stored}): a node does not keep tens of MB of a snapshot it
 * only sends to followers that fell behind.
 */
public final class Snapshot {

  /** Where a stored snapshot's data is read from. */
  public interface Data {
    /** The data's length in bytes. */
    int length();

    /** {@code length} bytes from {@code offset}. */
    byte[] read(int offset, int length);
  }

  private final SnapshotMeta meta;
  private final byte[] bytes;   // null when stored
  private final Data stored;    // null when in memory

  public Snapshot(SnapshotMeta meta, byte[] data) {
    this(meta, data == null ? new byte[0] : data, null);
  }

  private Snapshot(SnapshotMeta meta, byte[] bytes, Data stored) {
    this.meta = Objects.requireNonNull(meta);
    this.bytes = bytes;
    this.stored = stored;
  }

  /** A snapshot whose data stays in storage and is read from {@code data} on demand. */
  public static Snapshot stored(SnapshotMeta meta, Data data) {
    return new Snapshot(meta, null, Objects.requireNonNull(data));
  }

  public SnapshotMeta meta() {
    return meta;
  }

  public long index() {
    return meta.index();
  }

  public long term() {
    return meta.term();
  }

  /** True when the data is in memory, false when it is read from storage. */
  public boolean inMemory() {
    return bytes != null;
  }

  public int length() {
    return bytes != null ? bytes.length : stored.length();
  }

  /** Part of the data (an InstallSnapshot chunk). */
  public byte[] read(int offset, int length) {
    return bytes != null ? Arrays.copyOfRange(bytes, offset, offset + length) : stored.read(offset, length);
  }

  /** The whole data; read from storage when the snapshot is stored. */
  public byte[] data() {
    return bytes != null ? bytes : stored.read(0, stored.length());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Snapshot s && s.meta.equals(meta) && Arrays.equals(s.data(), data());
  }

  @Override
  public int hashCode() {
    return meta.hashCode() * 31 + length();
  }

  @Override
  public String toString() {
    return "Snapshot[" + meta + ", " + length() + "B" + (bytes == null ? " stored" : "") + "]";
  }
}
