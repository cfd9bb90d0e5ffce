package io.coreactor.consensus.kv;

import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
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
    WireWriter w = new WireWriter();
    w.writeFixedInt(MAGIC);
    w.writeByte(VERSION);
    w.writeLong(appliedIndex);
    w.writeLong(store.currentRevision());
    w.writeLong(store.compactRevision());
    Map<Revision, KeyValue> history = store.history();
    w.writeUnsigned(history.size());
    for (Map.Entry<Revision, KeyValue> e : history.entrySet()) {
      w.writeLong(e.getKey().main());
      w.writeLong(e.getKey().sub());
      w.writeKeyValue(e.getValue());
    }
    List<Lease> leases = store.lessor().all();
    w.writeUnsigned(leases.size());
    for (Lease l : leases) {
      w.writeLong(l.id());
      w.writeLong(l.grantedTtl());
    }
    CRC32C crc = new CRC32C();
    crc.update(w.buffer(), 0, w.size());
    w.writeFixedInt((int) crc.getValue());
    return w.toByteArray();
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
