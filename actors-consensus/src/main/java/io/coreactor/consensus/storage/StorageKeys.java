package io.coreactor.consensus.storage;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The LevelDB key layout: one prefix byte per kind of record. Log entries are keyed by their
 * big-endian index, so LevelDB's bytewise order is log order and a range is one iterator.
 */
final class StorageKeys {

  /** The value of {@link #FORMAT}; a new on-disk format gets a new marker, never a silent reinterpretation. */
  static final String FORMAT_MARKER = "coreactor-raft-v1";

  private static final byte META = 0x01;
  private static final byte HARD_STATE_PREFIX = 0x02;
  private static final byte SNAPSHOT_PREFIX = 0x03;
  static final byte ENTRY = 0x10;

  static final byte[] FORMAT = named(META, "format");
  static final byte[] NODE_ID = named(META, "node-id");
  static final byte[] HARD_STATE = named(HARD_STATE_PREFIX, "hard-state");
  static final byte[] SNAPSHOT = named(SNAPSHOT_PREFIX, "snapshot");
  /** Seeking here lands on the lowest stored entry. */
  static final byte[] FIRST_ENTRY = {ENTRY};

  private StorageKeys() {}

  static byte[] entry(long index) {
    return ByteBuffer.allocate(1 + Long.BYTES).put(ENTRY).putLong(index).array();
  }

  static boolean isEntry(byte[] key) {
    return key.length == 1 + Long.BYTES && key[0] == ENTRY;
  }

  static long indexOf(byte[] entryKey) {
    return ByteBuffer.wrap(entryKey, 1, Long.BYTES).getLong();
  }

  private static byte[] named(byte prefix, String name) {
    byte[] ascii = name.getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.allocate(1 + ascii.length).put(prefix).put(ascii).array();
  }
}
