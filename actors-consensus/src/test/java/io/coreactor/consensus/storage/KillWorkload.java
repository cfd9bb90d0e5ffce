package io.coreactor.consensus.storage;

import io.coreactor.consensus.raft.ConfState;
import io.coreactor.consensus.raft.Entry;
import io.coreactor.consensus.raft.Snapshot;
import io.coreactor.consensus.raft.SnapshotMeta;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32;

/**
 * The content the kill test writes, derived from (seed, index, term) alone so that the parent
 * can check every byte the child wrote without being told it. Sizes are skewed: mostly small
 * entries, some of a few KB, a few up to 16 KB.
 */
final class KillWorkload {

  static final ConfState CONF = ConfState.ofVoters(List.of(1L, 2L, 3L));

  private KillWorkload() {}

  static Entry entry(long seed, long index, long term) {
    SplittableRandom r = new SplittableRandom(mix(seed, index, term));
    int kind = r.nextInt(100);
    int size = kind < 70 ? r.nextInt(200) : kind < 90 ? 200 + r.nextInt(3000) : 3000 + r.nextInt(13000);
    byte[] data = new byte[size];
    r.nextBytes(data);
    Entry.Type type = r.nextInt(20) == 0 ? Entry.Type.CONF_CHANGE : Entry.Type.NORMAL;
    return new Entry(index, term, type, data);
  }

  static Snapshot snapshot(long seed, long index, long term) {
    if (index == 0) {
      return new Snapshot(new SnapshotMeta(0, 0, CONF), new byte[0]);
    }
    SplittableRandom r = new SplittableRandom(mix(seed, -index, term));
    byte[] data = new byte[r.nextInt(8000)];
    r.nextBytes(data);
    return new Snapshot(new SnapshotMeta(index, term, CONF), data);
  }

  /** What the child prints after an ack, so the parent knows it derives the same bytes. */
  static long crc(List<Entry> entries, Snapshot snapshot) {
    CRC32 crc = new CRC32();
    if (snapshot != null) {
      crc.update(snapshot.data());
    }
    entries.forEach(e -> crc.update(e.data()));
    return crc.getValue();
  }

  static List<Entry> entries(long seed, long from, long to, long term) {
    return java.util.stream.LongStream.rangeClosed(from, to).mapToObj(i -> entry(seed, i, term)).toList();
  }

  private static long mix(long seed, long index, long term) {
    return new SplittableRandom(seed ^ index * 0x9E3779B97F4A7C15L).nextLong() ^ term * 0xC2B2AE3D27D4EB4FL;
  }
}
