package io.coreactor.consensus.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Tells a torn final write in LevelDB's write-ahead logs from corruption, by reading them
 * (never writing). A process killed inside a write leaves the unfinished last record: a FIRST
 * fragment without its LAST, a record cut short, or a header followed by zeros (this LevelDB
 * writes through mmap into a zero-filled region). LevelDB 1.8 reports that as corruption when
 * paranoid checks are on; later releases drop it, since a write that never finished was never
 * acknowledged. Anything else, such as damage followed by an intact record, is corruption.
 * Format: {@code doc/log_format.md} in LevelDB.
 */
final class LevelDbWalTail {

  private static final int BLOCK = 32 * 1024;
  private static final int HEADER = 7;
  private static final int ZERO = 0;
  private static final int FULL = 1;
  private static final int FIRST = 2;
  private static final int MIDDLE = 3;
  private static final int LAST = 4;
  private static final Pattern LOG_NAME = Pattern.compile("[0-9]+\\.log");

  private LevelDbWalTail() {}

  /**
   * Describes the torn write when the newest log ends in one and every log is otherwise
   * intact; empty when the logs are intact or damaged in any other way.
   */
  static Optional<String> tornWrite(Path raftDir) throws IOException {
    List<Path> logs;
    try (Stream<Path> files = Files.list(raftDir)) {
      logs = files.filter(p -> LOG_NAME.matcher(p.getFileName().toString()).matches())
          .sorted(Comparator.comparingLong(LevelDbWalTail::number)).toList();
    }
    for (int i = 0; i < logs.size(); i++) {
      byte[] log = Files.readAllBytes(logs.get(i));
      if (i < logs.size() - 1) {
        // Only the newest log can have been written when the process died.
        if (scan(log, 0, false).damage != null) {
          return Optional.empty();
        }
      } else {
        String name = logs.get(i).getFileName().toString();
        return tornWrite(log).map(t -> name + ": " + t);
      }
    }
    return Optional.empty();
  }

  /** The same decision for one log's bytes. */
  static Optional<String> tornWrite(byte[] log) {
    Scan s = scan(log, 0, false);
    if (s.damage == null || !s.couldBeTorn || hasCompleteRecordAfter(log, s)) {
      return Optional.empty();
    }
    return Optional.of("the last write, at offset " + s.damageAt + " of " + log.length + " bytes, ends in "
        + s.damage);
  }

  /**
   * Where reading stopped: damage is null when the log read cleanly to its end. A damage that
   * could be a torn write is one that writing a prefix of the record and dying would leave.
   */
  private record Scan(int damageAt, String damage, boolean couldBeTorn, int damagedEnd, int completeRecords) {}

  /**
   * Reads records from {@code pos}. A probe (reading from the middle, looking for intact
   * data) stops at zero padding; a full read skips it the way LevelDB does.
   */
  private static Scan scan(byte[] b, int pos, boolean probe) {
    int complete = 0;
    int fragmentStart = -1;
    while (pos < b.length) {
      int left = BLOCK - pos % BLOCK;
      if (left < HEADER) {
        pos += left; // block trailer
        continue;
      }
      int start = fragmentStart >= 0 ? fragmentStart : pos;
      if (b.length - pos < HEADER) {
        return new Scan(start, "a record header cut off by the end of the file", true, -1, complete);
      }
      int length = (b[pos + 4] & 0xFF) | (b[pos + 5] & 0xFF) << 8;
      int type = b[pos + 6] & 0xFF;
      if (type == ZERO && length == 0) {
        if (probe) {
          break;
        }
        pos += left; // preallocated, never written
        continue;
      }
      int end = pos + HEADER + length;
      if (HEADER + length > left) {
        return new Scan(start, "a record header announcing " + length + " bytes past its block", false, -1, complete);
      }
      if (end > b.length) {
        return new Scan(start, "a record cut off by the end of the file", true, -1, complete);
      }
      if (!checksumOk(b, pos, length)) {
        // The unwritten rest of a torn record and of the file is still zero-filled; a
        // mismatch with real bytes after it is damage to data that was written.
        boolean zeroTail = b[end - 1] == 0 && allZero(b, end);
        return new Scan(start, "a record whose checksum does not match", zeroTail, end, complete);
      }
      boolean inFragment = fragmentStart >= 0;
      if (type == FULL && !inFragment || type == LAST && inFragment) {
        complete++;
        fragmentStart = -1;
      } else if (type == FIRST && !inFragment) {
        fragmentStart = pos;
      } else if (!(type == MIDDLE && inFragment)) {
        return new Scan(start, "a record of type " + type + " out of place", false, end, complete);
      }
      pos = end;
    }
    if (fragmentStart >= 0) {
      return new Scan(fragmentStart, "a fragmented record without its last fragment", true, -1, complete);
    }
    return new Scan(-1, null, false, -1, complete);
  }

  /** Intact data after the damage means the damage is not the last write: corruption. */
  private static boolean hasCompleteRecordAfter(byte[] b, Scan damaged) {
    if (damaged.damagedEnd > 0 && scan(b, damaged.damagedEnd, true).completeRecords > 0) {
      return true;
    }
    for (int block = (damaged.damageAt / BLOCK + 1) * BLOCK; block < b.length; block += BLOCK) {
      if (scan(b, block, true).completeRecords > 0) {
        return true;
      }
    }
    return false;
  }

  private static boolean allZero(byte[] b, int from) {
    for (int i = from; i < b.length; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  /** LevelDB stores a masked CRC32C of the type byte and the data, little-endian. */
  private static boolean checksumOk(byte[] b, int pos, int length) {
    CRC32C crc = new CRC32C();
    crc.update(b, pos + 6, 1 + length);
    int c = (int) crc.getValue();
    int masked = ((c >>> 15) | (c << 17)) + 0xa282ead8;
    int stored = (b[pos] & 0xFF) | (b[pos + 1] & 0xFF) << 8 | (b[pos + 2] & 0xFF) << 16 | (b[pos + 3] & 0xFF) << 24;
    return masked == stored;
  }

  private static long number(Path log) {
    String name = log.getFileName().toString();
    return Long.parseLong(name.substring(0, name.length() - ".log".length()));
  }
}
