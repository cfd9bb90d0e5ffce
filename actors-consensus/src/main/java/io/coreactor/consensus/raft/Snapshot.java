package io.coreactor.consensus.raft;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A state machine snapshot with its position in the log. Data is opaque to Raft; empty data
 * means the empty state machine (used for the bootstrap snapshot at index 0 that records the
 * initial voters). The data is held in memory (one array, or chunks) or, once stored, read
 * from storage when needed ({@link #stored}): a node does not keep tens of MB of a snapshot it
 * only sends to followers that fell behind.
 */
public final class Snapshot {

  /** A snapshot's bytes, wherever they are. */
  public interface Data {
    /** The data's length in bytes. */
    int length();

    /** {@code length} bytes from {@code offset}. */
    byte[] read(int offset, int length);

    /** Hands the whole data to {@code out} in order, a piece at a time (never the whole at once). */
    default void forEachPiece(Consumer<ByteBuffer> out) {
      int piece = 256 * 1024;
      for (int off = 0; off < length(); off += piece) {
        out.accept(ByteBuffer.wrap(read(off, Math.min(piece, length() - off))));
      }
    }

    /** {@code bytes} as data. */
    static Data of(byte[] bytes) {
      return ofChunks(List.of(bytes));
    }

    /**
     * The concatenation of {@code chunks}: a snapshot encoded in chunks below G1's humongous
     * size (half a heap region) needs no contiguous tens of MB of heap, whose lack forced
     * collections, and once a full one that stalled a member past its election timeout.
     */
    static Data ofChunks(List<byte[]> chunks) {
      return new Chunks(List.copyOf(chunks));
    }
  }

  /** Data in memory, in one or more arrays. */
  private record Chunks(List<byte[]> chunks, long[] starts, int length) implements Data {
    Chunks(List<byte[]> chunks) {
      this(chunks, starts(chunks), (int) total(chunks));
    }

    private static long total(List<byte[]> chunks) {
      long n = chunks.stream().mapToLong(c -> c.length).sum();
      if (n > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("snapshot data over 2 GiB: " + n + " bytes");
      }
      return n;
    }

    private static long[] starts(List<byte[]> chunks) {
      long[] starts = new long[chunks.size()];
      long at = 0;
      for (int i = 0; i < starts.length; i++) {
        starts[i] = at;
        at += chunks.get(i).length;
      }
      return starts;
    }

    @Override
    public byte[] read(int offset, int n) {
      if (offset < 0 || n < 0 || offset + (long) n > length) {
        throw new IndexOutOfBoundsException(offset + "+" + n + " of " + length);
      }
      if (chunks.size() == 1 && offset == 0 && n == length) {
        return chunks.get(0);
      }
      byte[] out = new byte[n];
      int i = Arrays.binarySearch(starts, offset);
      i = i >= 0 ? i : -i - 2;
      int copied = 0;
      while (copied < n) {
        byte[] chunk = chunks.get(i);
        int from = (int) (offset + copied - starts[i]);
        int k = Math.min(chunk.length - from, n - copied);
        System.arraycopy(chunk, from, out, copied, k);
        copied += k;
        i++;
      }
      return out;
    }

    @Override
    public void forEachPiece(Consumer<ByteBuffer> out) {
      chunks.forEach(c -> out.accept(ByteBuffer.wrap(c)));
    }
  }

  private static final Data EMPTY = Data.of(new byte[0]);

  private final SnapshotMeta meta;
  private final Data data;
  private final boolean inMemory;

  public Snapshot(SnapshotMeta meta, byte[] data) {
    this(meta, data == null ? EMPTY : Data.of(data), true);
  }

  /** A snapshot whose data is in memory, in chunks. */
  public Snapshot(SnapshotMeta meta, Data data) {
    this(meta, data, true);
  }

  private Snapshot(SnapshotMeta meta, Data data, boolean inMemory) {
    this.meta = Objects.requireNonNull(meta);
    this.data = Objects.requireNonNull(data);
    this.inMemory = inMemory;
  }

  /** A snapshot whose data stays in storage and is read from {@code data} on demand. */
  public static Snapshot stored(SnapshotMeta meta, Data data) {
    return new Snapshot(meta, data, false);
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
    return inMemory;
  }

  public int length() {
    return data.length();
  }

  /** Part of the data (an InstallSnapshot chunk). */
  public byte[] read(int offset, int length) {
    return data.read(offset, length);
  }

  /** The data, a piece at a time (to write it out without a whole copy). */
  public void forEachPiece(Consumer<ByteBuffer> out) {
    data.forEachPiece(out);
  }

  /** The whole data as one array; read from storage, or joined, when it is not one already. */
  public byte[] data() {
    return data.read(0, data.length());
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
    return "Snapshot[" + meta + ", " + length() + "B" + (inMemory ? "" : " stored") + "]";
  }
}
