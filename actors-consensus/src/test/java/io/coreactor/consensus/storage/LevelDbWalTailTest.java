package io.coreactor.consensus.storage;

import static io.coreactor.consensus.storage.LevelDbRaftStorageTest.entries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coreactor.consensus.raft.ConfState;
import io.coreactor.consensus.raft.Entry;
import io.coreactor.consensus.raft.HardState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process killed inside a write leaves an unfinished record at the end of LevelDB's log:
 * the store must open without that write. Damage anywhere else is corruption.
 */
class LevelDbWalTailTest {

  @TempDir Path dir;

  @Test
  void aWriteCutOffByTheEndOfTheLogIsDiscarded() throws IOException {
    Path log = storeEndingInABigWrite();
    byte[] content = Files.readAllBytes(log);
    Files.write(log, Arrays.copyOf(content, content.length - 10_000));

    assertOnlyTheBigWriteIsGone();
  }

  @Test
  void aWriteLeftAsZerosByTheMmapWriterIsDiscarded() throws IOException {
    Path log = storeEndingInABigWrite();
    byte[] content = Files.readAllBytes(log);
    Arrays.fill(content, content.length - 10_000, content.length, (byte) 0);
    Files.write(log, Arrays.copyOf(content, content.length + 50_000)); // and the preallocated rest

    assertOnlyTheBigWriteIsGone();
  }

  @Test
  void damageFollowedByIntactWritesIsCorruption() throws IOException {
    Path log = storeEndingInABigWrite();
    byte[] content = Files.readAllBytes(log);
    int small = indexOf(content, "entry 2@1".getBytes());
    content[small] ^= 0x01;
    Files.write(log, content);

    assertThatThrownBy(() -> LevelDbRaftStorage.open(dir, 1))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("LevelDB reports corruption");
  }

  @Test
  void damageInsideTheLastWriteWithItsEndIntactIsCorruption() throws IOException {
    Path log = storeEndingInABigWrite();
    byte[] content = Files.readAllBytes(log);
    content[content.length - 100] ^= 0x01;
    Files.write(log, content);

    assertThatThrownBy(() -> LevelDbRaftStorage.open(dir, 1))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("LevelDB reports corruption");
  }

  @Test
  void recordLevelDecisions() {
    byte[] a = new byte[100];
    Arrays.fill(a, (byte) 'a');
    byte[] big = new byte[40_000];
    Arrays.fill(big, (byte) 'b');

    assertThat(LevelDbWalTail.tornWrite(wal(a, big))).as("an intact log").isEmpty();
    byte[] cut = wal(a, big);
    assertThat(LevelDbWalTail.tornWrite(Arrays.copyOf(cut, 32_768 + 3)))
        .as("a FIRST fragment, then a header cut off").hasValueSatisfying(d -> assertThat(d).contains("cut off"));
    assertThat(LevelDbWalTail.tornWrite(Arrays.copyOf(cut, 32_768)))
        .as("a FIRST fragment alone").hasValueSatisfying(d -> assertThat(d).contains("without its last fragment"));
    byte[] zeroed = wal(a, big);
    Arrays.fill(zeroed, 200, zeroed.length, (byte) 0);
    assertThat(LevelDbWalTail.tornWrite(zeroed)).as("a header, then zeros").isPresent();

    byte[] damagedThenIntact = wal(a, a, a);
    damagedThenIntact[20] ^= 0x01;
    assertThat(LevelDbWalTail.tornWrite(damagedThenIntact)).as("damage before an intact record").isEmpty();
    byte[] badLength = wal(a, a);
    badLength[7 + 100 + 4] = (byte) 0xFF;
    badLength[7 + 100 + 5] = (byte) 0xFF;
    assertThat(LevelDbWalTail.tornWrite(badLength)).as("a header announcing more than its block").isEmpty();
  }

  /** A store whose log ends with a small write (entries 1-3) then a 70 KB one (4-10). */
  private Path storeEndingInABigWrite() throws IOException {
    try (LevelDbRaftStorage s = LevelDbRaftStorage.open(dir, 1)) {
      s.bootstrap(ConfState.ofVoters(List.of(1L)));
      s.persist(null, entries(1, 3, 1), new HardState(1, 1, 3));
      List<Entry> big = new ArrayList<>();
      for (long i = 4; i <= 10; i++) {
        byte[] data = new byte[10_000];
        Arrays.fill(data, (byte) 'x');
        big.add(Entry.normal(i, 1, data));
      }
      s.persist(null, big, new HardState(1, 1, 10));
    }
    try (Stream<Path> files = Files.list(dir.resolve("raft"))) {
      return files.filter(p -> p.toString().endsWith(".log"))
          .max(Comparator.comparing(p -> p.getFileName().toString())).orElseThrow();
    }
  }

  private void assertOnlyTheBigWriteIsGone() {
    try (LevelDbRaftStorage s = LevelDbRaftStorage.open(dir, 1)) {
      assertThat(s.lastIndex()).isEqualTo(3);
      assertThat(s.entries(1, 4)).isEqualTo(entries(1, 3, 1));
      assertThat(s.hardState()).isEqualTo(new HardState(1, 1, 3));
      s.append(entries(4, 4, 2));
    }
    try (LevelDbRaftStorage s = LevelDbRaftStorage.open(dir, 1)) {
      assertThat(s.entries(4, 5)).as("the store works on after the recovery").isEqualTo(entries(4, 4, 2));
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }

  /** Writes LevelDB log records the way its log::Writer does (doc/log_format.md). */
  private static byte[] wal(byte[]... records) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] record : records) {
      int pos = 0;
      boolean first = true;
      do {
        int left = 32_768 - out.size() % 32_768;
        if (left < 7) {
          out.writeBytes(new byte[left]);
          left = 32_768;
        }
        int n = Math.min(record.length - pos, left - 7);
        boolean last = pos + n == record.length;
        int type = first && last ? 1 : first ? 2 : last ? 4 : 3;
        CRC32C crc = new CRC32C();
        crc.update(type);
        crc.update(record, pos, n);
        int c = (int) crc.getValue();
        ByteBuffer header = ByteBuffer.allocate(7).order(ByteOrder.LITTLE_ENDIAN)
            .putInt(((c >>> 15) | (c << 17)) + 0xa282ead8).putShort((short) n).put((byte) type);
        out.writeBytes(header.array());
        out.write(record, pos, n);
        pos += n;
        first = false;
      } while (pos < record.length);
    }
    return out.toByteArray();
  }
}
