package io.coreactor.consensus.storage;

import io.coreactor.consensus.raft.ConfState;
import io.coreactor.consensus.raft.Snapshot;
import io.coreactor.consensus.raft.SnapshotMeta;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;

/**
 * The snapshot files of one store, named {@code <term>-<index>.snap} in hex like etcd's. A file
 * is a header (magic, index, term, voters, learners, data length, CRC32 of the data, CRC32 of
 * the header) followed by the data. Files are written under a temporary name, synced, renamed
 * and the directory synced, so a file with a final name is always complete.
 */
final class SnapshotFiles {

  private static final int MAGIC = 0x43525331; // "CRS1"
  private static final Pattern SNAP_NAME = Pattern.compile("[0-9a-f]{16}-[0-9a-f]{16}\\.snap");
  private static final String TMP_SUFFIX = ".tmp";
  private static final int SYNC_CHUNK = 1 << 20;

  private final Path dir;

  SnapshotFiles(Path dir) {
    this.dir = dir;
  }

  Path dir() {
    return dir;
  }

  Path pathOf(long index, long term) {
    return dir.resolve(String.format("%016x-%016x.snap", term, index));
  }

  /**
   * Writes the file durably: when this returns, a crash cannot lose or tear it. Writes and
   * deletions take turns (a snapshot may be staged on another thread than the storage's).
   */
  synchronized Path write(Snapshot snapshot) {
    Path target = pathOf(snapshot.index(), snapshot.term());
    Path tmp = target.resolveSibling(target.getFileName() + TMP_SUFFIX);
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
        ByteBuffer header = header(snapshot);
        while (header.hasRemaining()) {
          ch.write(header);
        }
        // A MiB at a time, each synced: tens of MB of dirty pages flushed by one fsync held
        // up the log's own small fsyncs behind them (ext4 commits them in the same journal).
        long[] unsynced = {0};
        snapshot.forEachPiece(piece -> {
          try {
            while (piece.hasRemaining()) {
              int end = Math.min(piece.limit(), piece.position() + SYNC_CHUNK - (int) unsynced[0]);
              ByteBuffer part = piece.duplicate().limit(end);
              while (part.hasRemaining()) {
                ch.write(part);
              }
              unsynced[0] += end - piece.position();
              piece.position(end);
              if (unsynced[0] >= SYNC_CHUNK) {
                ch.force(false);
                unsynced[0] = 0;
              }
            }
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
        ch.force(true);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      syncDir();
      return target;
    } catch (IOException | UncheckedIOException e) {
      throw new StorageException("cannot write snapshot file " + target + ": " + e, e);
    }
  }

  /** Reads and checks a whole snapshot; any mismatch with the reference is corruption. */
  Snapshot read(long index, long term) {
    Path path = pathOf(index, term);
    try (DataInputStream in = open(path)) {
      Header h = readHeader(in, path, index, term);
      byte[] data = in.readNBytes(h.dataLength);
      checkData(path, data.length == h.dataLength, crc(data), h);
      return new Snapshot(h.meta, data);
    } catch (IOException e) {
      throw new StorageException("cannot read snapshot file " + path + ": " + e, e);
    }
  }

  /**
   * A stored snapshot whose data is read from its file on demand (its header is checked now;
   * the data's checksum is the reader's to check, the state machine's own).
   */
  Snapshot stored(long index, long term) {
    Path path = pathOf(index, term);
    Header h;
    try (DataInputStream in = open(path)) {
      h = readHeader(in, path, index, term);
    } catch (IOException e) {
      throw new StorageException("cannot read snapshot file " + path + ": " + e, e);
    }
    int length = h.dataLength;
    return Snapshot.stored(h.meta, new Snapshot.Data() {
      @Override
      public int length() {
        return length;
      }

      @Override
      public byte[] read(int offset, int n) {
        if (offset < 0 || n < 0 || offset + (long) n > length) {
          throw new IndexOutOfBoundsException(offset + "+" + n + " of " + length);
        }
        ByteBuffer buf = ByteBuffer.allocate(n);
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
          long start = ch.size() - length + offset;   // the data ends the file
          while (buf.hasRemaining()) {
            if (ch.read(buf, start + buf.position()) < 0) {
              throw corrupt(path, "data is truncated (expected " + length + " bytes)");
            }
          }
        } catch (IOException e) {
          throw new StorageException("cannot read snapshot file " + path + ": " + e, e);
        }
        return buf.array();
      }
    });
  }

  /** Checks a snapshot file without holding its data in memory; returns its meta. */
  SnapshotMeta verify(long index, long term) {
    Path path = pathOf(index, term);
    try (DataInputStream in = open(path)) {
      Header h = readHeader(in, path, index, term);
      CRC32 crc = new CRC32();
      byte[] buf = new byte[64 * 1024];
      long remaining = h.dataLength;
      while (remaining > 0) {
        int n = in.read(buf, 0, (int) Math.min(buf.length, remaining));
        if (n < 0) {
          break;
        }
        crc.update(buf, 0, n);
        remaining -= n;
      }
      checkData(path, remaining == 0, (int) crc.getValue(), h);
      return h.meta;
    } catch (IOException e) {
      throw new StorageException("cannot read snapshot file " + path + ": " + e, e);
    }
  }

  /** Deletes every snapshot and temporary file except {@code keep} (which may be null). */
  synchronized void deleteAllExcept(Path keep) {
    List<Path> doomed = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path p : files) {
        String name = p.getFileName().toString();
        boolean ours = SNAP_NAME.matcher(name).matches()
            || name.endsWith(TMP_SUFFIX) && SNAP_NAME.matcher(name.substring(0, name.length() - 4)).matches();
        if (ours && !p.equals(keep)) {
          doomed.add(p);
        }
      }
      for (Path p : doomed) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new StorageException("cannot remove old snapshot files in " + dir + ": " + e, e);
    }
  }

  private record Header(SnapshotMeta meta, int dataLength, int dataCrc) {}

  private static ByteBuffer header(Snapshot s) {
    ConfState conf = s.meta().confState();
    int size = 4 + 8 + 8 + 4 + 8 * conf.voters().size() + 4 + 8 * conf.learners().size() + 4 + 4 + 4;
    ByteBuffer b = ByteBuffer.allocate(size);
    b.putInt(MAGIC).putLong(s.index()).putLong(s.term());
    b.putInt(conf.voters().size());
    conf.voters().forEach(b::putLong);
    b.putInt(conf.learners().size());
    conf.learners().forEach(b::putLong);
    CRC32 dataCrc = new CRC32();
    s.forEachPiece(dataCrc::update);
    b.putInt(s.length()).putInt((int) dataCrc.getValue());
    CRC32 headerCrc = new CRC32();
    headerCrc.update(b.array(), 0, b.position());
    b.putInt((int) headerCrc.getValue());
    return b.flip();
  }

  private static DataInputStream open(Path path) throws IOException {
    if (!Files.isRegularFile(path)) {
      throw new StorageException("snapshot file " + path + " referenced by the log is missing");
    }
    return new DataInputStream(new BufferedInputStream(Files.newInputStream(path), 64 * 1024));
  }

  private static Header readHeader(DataInputStream raw, Path path, long index, long term)
      throws IOException {
    long fileSize = Files.size(path);
    CRC32 crc = new CRC32();
    // Read the header through a checksumming view that neither buffers nor gets closed,
    // so the caller's stream continues exactly at the first data byte.
    DataInputStream in = new DataInputStream(new CheckedInputStream(raw, crc));
    try {
      if (in.readInt() != MAGIC) {
        throw corrupt(path, "bad magic: not a coreactor snapshot file");
      }
      long fileIndex = in.readLong();
      long fileTerm = in.readLong();
      SortedSet<Long> voters = readIds(in, fileSize, path);
      SortedSet<Long> learners = readIds(in, fileSize, path);
      int dataLength = in.readInt();
      int dataCrc = in.readInt();
      int expected = (int) crc.getValue();
      if (raw.readInt() != expected) {
        throw corrupt(path, "header checksum mismatch");
      }
      long headerSize = 4 + 8 + 8 + 4 + 8L * voters.size() + 4 + 8L * learners.size() + 4 + 4 + 4;
      if (dataLength < 0 || headerSize + dataLength != fileSize) {
        throw corrupt(path, "file has " + fileSize + " bytes but its header announces "
            + (headerSize + dataLength) + " (truncated or overwritten)");
      }
      if (fileIndex != index || fileTerm != term) {
        throw corrupt(path, "holds index " + fileIndex + " term " + fileTerm
            + " but the log expects index " + index + " term " + term);
      }
      SnapshotMeta meta = new SnapshotMeta(fileIndex, fileTerm, new ConfState(voters, learners));
      return new Header(meta, dataLength, dataCrc);
    } catch (EOFException e) {
      throw corrupt(path, "file is truncated inside its header");
    } catch (IllegalArgumentException e) {
      throw corrupt(path, e.getMessage());
    }
  }

  private static SortedSet<Long> readIds(DataInputStream in, long fileSize, Path path) throws IOException {
    int count = in.readInt();
    if (count < 0 || count > fileSize / 8) {
      throw corrupt(path, "impossible member count " + count);
    }
    SortedSet<Long> ids = new TreeSet<>();
    for (int i = 0; i < count; i++) {
      ids.add(in.readLong());
    }
    return ids;
  }

  private static void checkData(Path path, boolean complete, int actualCrc, Header h) {
    if (!complete) {
      throw corrupt(path, "data is truncated (expected " + h.dataLength + " bytes)");
    }
    if (actualCrc != h.dataCrc) {
      throw corrupt(path, "data checksum mismatch");
    }
  }

  private void syncDir() throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  private static int crc(byte[] data) {
    CRC32 crc = new CRC32();
    crc.update(data);
    return (int) crc.getValue();
  }

  private static StorageException corrupt(Path path, String what) {
    return new StorageException("snapshot file " + path + " is corrupt: " + what);
  }
}
