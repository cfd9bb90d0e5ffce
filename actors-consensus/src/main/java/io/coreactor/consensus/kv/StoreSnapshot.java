package io.coreactor.consensus.kv;

import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The snapshot format of the whole state machine: magic, format version, applied Raft index,
 * current and compacted revisions, every kept version in revision order, the leases in id order,
 * and a CRC-32C of all that. The same state always gives the same bytes.
 */
final class StoreSnapshot {

  private static final int MAGIC = 0x434b5653; // "CKVS"
  private static final int VERSION = 1;

  /** A decoded snapshot. */
  record Restored(long appliedIndex, MvccStore store) {
  }

  private StoreSnapshot() {
  }

  static byte[] encode(long appliedIndex, MvccStore store) {
    return capture(appliedIndex, store).encode();
  }

  /**
   * What a snapshot holds, copied out of the store: the versions are immutable, so the copy is
   * the references alone (a few milliseconds for 100k versions), and encoding it can then run
   * on another thread while the store goes on applying.
   */
  static Capture capture(long appliedIndex, MvccStore store) {
    KeyValue[] versions = new KeyValue[store.historySize()];
    int[] subs = new int[versions.length];
    store.copyHistory(versions, subs);
    List<long[]> leases = store.lessor().all().stream().map(l -> new long[] {l.id(), l.grantedTtl()}).toList();
    return new Capture(appliedIndex, store.currentRevision(), store.compactRevision(), versions, subs, leases);
  }

  /**
   * A store's state at one applied index, detached from the store; {@link #encode} gives the
   * snapshot. Version i is at revision {@code versions[i].modRevision()}.{@code subs[i]}.
   */
  record Capture(long appliedIndex, long currentRevision, long compactRevision, KeyValue[] versions,
                 int[] subs, List<long[]> leases) {

    /** How many bytes {@link #encode()} gives, counted without encoding (etcd's db size, say). */
    long encodedSize() {
      long size = 4 + 1 + WireWriter.sizeOfLong(appliedIndex) + WireWriter.sizeOfLong(currentRevision)
          + WireWriter.sizeOfLong(compactRevision) + WireWriter.sizeOfUnsigned(versions.length)
          + WireWriter.sizeOfUnsigned(leases.size()) + 4;
      for (int i = 0; i < versions.length; i++) {
        size += WireWriter.sizeOfLong(versions[i].modRevision()) + WireWriter.sizeOfLong(subs[i])
            + WireWriter.sizeOfKeyValue(versions[i]);
      }
      for (long[] l : leases) {
        size += WireWriter.sizeOfLong(l[0]) + WireWriter.sizeOfLong(l[1]);
      }
      return size;
    }

    /**
     * {@code prefix}, then the snapshot bytes, the same bytes as {@link #encode(byte[])} but
     * in chunks of about {@code chunkSize} (a version larger than that makes its chunk
     * larger): a 60 MB snapshot in one array needed that much contiguous heap.
     */
    List<byte[]> encodeChunks(byte[] prefix, int chunkSize) {
      return encodeChunks(prefix, chunkSize, chunkSize + 64);
    }

    /** The snapshot bytes, on any thread. */
    byte[] encode() {
      return encode(new byte[0]);
    }

    /** {@code prefix}, then the snapshot bytes: an envelope around the snapshot without a second copy of it. */
    byte[] encode(byte[] prefix) {
      // Sized exactly, so the buffer is the result: a snapshot is tens of MB, and a second
      // copy of it is what ran a node out of heap first.
      long size = prefix.length + encodedSize();
      if (size > Integer.MAX_VALUE - 16) {
        throw new IllegalStateException("the store is too large for one snapshot: " + size + " bytes");
      }
      return encodeChunks(prefix, Integer.MAX_VALUE, (int) size).get(0);
    }

    /** The chunks, written through a buffer of {@code capacity} (the last chunk is that buffer when it fits exactly). */
    private List<byte[]> encodeChunks(byte[] prefix, int chunkSize, int capacity) {
      List<byte[]> chunks = new ArrayList<>();
      CRC32C crc = new CRC32C();
      WireWriter w = new WireWriter(capacity);
      w.writeRaw(prefix);
      int crcFrom = prefix.length;   // the checksum covers what follows the prefix
      w.writeFixedInt(MAGIC);
      w.writeByte(VERSION);
      w.writeLong(appliedIndex);
      w.writeLong(currentRevision);
      w.writeLong(compactRevision);
      w.writeUnsigned(versions.length);
      for (int i = 0; i < versions.length; i++) {
        w.writeLong(versions[i].modRevision());
        w.writeLong(subs[i]);
        w.writeKeyValue(versions[i]);
        if (w.size() >= chunkSize) {
          crc.update(w.buffer(), crcFrom, w.size() - crcFrom);
          chunks.add(Arrays.copyOf(w.buffer(), w.size()));
          w.reset();
          crcFrom = 0;
        }
      }
      w.writeUnsigned(leases.size());
      for (long[] l : leases) {
        w.writeLong(l[0]);
        w.writeLong(l[1]);
      }
      crc.update(w.buffer(), crcFrom, w.size() - crcFrom);
      w.writeFixedInt((int) crc.getValue());
      chunks.add(w.toByteArray());
      return chunks;
    }
  }

  /**
   * @throws IllegalArgumentException when the bytes are not an intact snapshot of this format
   */
  static Restored decode(byte[] data) {
    if (data.length < 4) {
      throw new IllegalArgumentException("snapshot too short: " + data.length + " bytes");
    }
    CRC32C crc = new CRC32C();
    crc.update(data, 0, data.length - 4);
    WireReader r = new WireReader(data);
    if (r.readFixedInt() != MAGIC) {
      throw new IllegalArgumentException("not a KV store snapshot");
    }
    int version = r.readByte();
    if (version != VERSION) {
      throw new IllegalArgumentException("unsupported snapshot version " + version);
    }
    long appliedIndex = r.readLong();
    long current = r.readLong();
    long compact = r.readLong();
    int n = r.readCount();
    List<Map.Entry<Revision, KeyValue>> history = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Revision rev = new Revision(r.readLong(), r.readLong());
      history.add(new SimpleImmutableEntry<>(rev, r.readKeyValue()));
    }
    int leaseCount = r.readCount();
    List<Lease> leases = new ArrayList<>(leaseCount);
    for (int i = 0; i < leaseCount; i++) {
      leases.add(new Lease(r.readLong(), r.readLong(), List.of()));
    }
    if (r.readFixedInt() != (int) crc.getValue() || !r.atEnd()) {
      throw new IllegalArgumentException("corrupt KV store snapshot");
    }
    try {
      return new Restored(appliedIndex, MvccStore.restore(current, compact, history, leases));
    } catch (IllegalStateException e) {
      // A tombstone without a key, or a key on a missing lease: intact bytes, impossible state.
      throw new IllegalArgumentException("inconsistent KV store snapshot: " + e.getMessage(), e);
    }
  }
}
