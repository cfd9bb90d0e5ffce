package io.coreactor.consensus.storage;

import io.coreactor.consensus.raft.Entry;
import io.coreactor.consensus.raft.HardState;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.BufferUnderflowException;

/**
 * The compact binary encoding of what the LevelDB store holds: log entries, the hard state
 * and the reference to the current snapshot. Numbers are unsigned LEB128 varints, so a
 * typical entry header costs a handful of bytes. Every decoder checks that it consumed the
 * value exactly, so a torn or foreign value fails loudly instead of decoding to garbage.
 */
final class EntryCodec {

  /** Where the current snapshot stands; its file name and configuration follow from it. */
  record SnapshotRef(long index, long term) {}

  private EntryCodec() {}

  /** type, index, term, data length, data. The index repeats the key so a misplaced value is caught. */
  static byte[] encodeEntry(Entry e) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(e.data().length + 24);
    out.write(typeCode(e.type()));
    writeVarLong(out, e.index());
    writeVarLong(out, e.term());
    writeVarLong(out, e.data().length);
    out.writeBytes(e.data());
    return out.toByteArray();
  }

  static Entry decodeEntry(byte[] value) {
    try {
      ByteBuffer in = ByteBuffer.wrap(value);
      Entry.Type type = typeOf(in.get());
      long index = readVarLong(in);
      long term = readVarLong(in);
      long length = readVarLong(in);
      if (length != in.remaining()) {
        throw new StorageException("corrupt log entry " + index + ": data length " + length
            + " but " + in.remaining() + " bytes stored");
      }
      byte[] data = new byte[in.remaining()];
      in.get(data);
      return new Entry(index, term, type, data);
    } catch (BufferUnderflowException e) {
      throw new StorageException("corrupt log entry: value of " + value.length + " bytes is truncated", e);
    }
  }

  /** Reads only the term, without copying the entry's data. */
  static long decodeTerm(byte[] value) {
    try {
      ByteBuffer in = ByteBuffer.wrap(value);
      typeOf(in.get());
      readVarLong(in);
      return readVarLong(in);
    } catch (BufferUnderflowException e) {
      throw new StorageException("corrupt log entry: value of " + value.length + " bytes is truncated", e);
    }
  }

  static byte[] encodeHardState(HardState hs) {
    return encodeLongs(hs.term(), hs.vote(), hs.commit());
  }

  static HardState decodeHardState(byte[] value) {
    long[] v = decodeLongs(value, 3, "hard state");
    return new HardState(v[0], v[1], v[2]);
  }

  static byte[] encodeSnapshotRef(SnapshotRef ref) {
    return encodeLongs(ref.index(), ref.term());
  }

  static SnapshotRef decodeSnapshotRef(byte[] value) {
    long[] v = decodeLongs(value, 2, "snapshot reference");
    return new SnapshotRef(v[0], v[1]);
  }

  static byte[] encodeNodeId(long nodeId) {
    return ByteBuffer.allocate(Long.BYTES).putLong(nodeId).array();
  }

  static long decodeNodeId(byte[] value) {
    if (value.length != Long.BYTES) {
      throw new StorageException("corrupt node id: " + value.length + " bytes instead of 8");
    }
    return ByteBuffer.wrap(value).getLong();
  }

  // Explicit codes rather than ordinals: reordering the enum must not change what is on disk.
  private static int typeCode(Entry.Type type) {
    return switch (type) {
      case NORMAL -> 0;
      case CONF_CHANGE -> 1;
    };
  }

  private static Entry.Type typeOf(byte code) {
    return switch (code) {
      case 0 -> Entry.Type.NORMAL;
      case 1 -> Entry.Type.CONF_CHANGE;
      default -> throw new StorageException("corrupt log entry: unknown entry type " + code);
    };
  }

  private static byte[] encodeLongs(long... values) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(values.length * 4);
    for (long v : values) {
      writeVarLong(out, v);
    }
    return out.toByteArray();
  }

  private static long[] decodeLongs(byte[] value, int count, String what) {
    try {
      ByteBuffer in = ByteBuffer.wrap(value);
      long[] result = new long[count];
      for (int i = 0; i < count; i++) {
        result[i] = readVarLong(in);
      }
      if (in.hasRemaining()) {
        throw new StorageException("corrupt " + what + ": " + in.remaining() + " trailing bytes");
      }
      return result;
    } catch (BufferUnderflowException e) {
      throw new StorageException("corrupt " + what + ": value is truncated", e);
    }
  }

  static void writeVarLong(ByteArrayOutputStream out, long v) {
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }

  static long readVarLong(ByteBuffer in) {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte b = in.get();
      result |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return result;
      }
    }
    throw new StorageException("corrupt varint: longer than 10 bytes");
  }
}
