package io.coreactor.consensus.storage;

import static io.coreactor.consensus.storage.LevelDbRaftStorageTest.bytes;
import static io.coreactor.consensus.storage.LevelDbRaftStorageTest.entries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.fusesource.leveldbjni.JniDBFactory.factory;

import io.coreactor.consensus.raft.ConfState;
import io.coreactor.consensus.raft.HardState;
import io.coreactor.consensus.raft.Snapshot;
import io.coreactor.consensus.raft.SnapshotMeta;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A directory that is not ours, or not whole, is reported clearly and left as it was. */
class LevelDbRaftStorageErrorsTest {

  private static final ConfState CONF = ConfState.ofVoters(List.of(1L, 2L, 3L));

  @TempDir Path dir;

  @Test
  void aForeignLevelDbIsRefusedAndKept() throws IOException {
    try (DB db = factory.open(dir.resolve("raft").toFile(), new Options().createIfMissing(true))) {
      db.put(bytes("user:42"), bytes("alice"));
    }

    assertThatThrownBy(() -> LevelDbRaftStorage.open(dir, 1))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining(dir.toAbsolutePath().toString())
        .hasMessageContaining("not a coreactor Raft store")
        .hasMessageContaining("format marker");

    try (DB db = factory.open(dir.resolve("raft").toFile(), new Options())) {
      assertThat(db.get(bytes("user:42"))).isEqualTo(bytes("alice"));
      assertThat(db.get(StorageKeys.FORMAT)).as("no marker was written").isNull();
    }
    assertThat(dir.resolve("snap")).doesNotExist();
  }

  @Test
  void aRaftDirectoryOfGarbageIsRefusedAndKept() throws IOException {
    Path raft = Files.createDirectories(dir.resolve("raft"));
    Files.write(raft.resolve("000005.log"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    Files.write(raft.resolve("notes.txt"), bytes("my holiday photos"));
    Map<String, String> before = contents(dir);

    assertThatThrownBy(() -> LevelDbRaftStorage.open(dir, 1))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining(raft.toAbsolutePath().toString())
        .hasMessageContaining("not a LevelDB");

    assertThat(contents(dir)).isEqualTo(before);
  }

  @Test
  void aCrashWhileLevelDbCreatedItsFilesIsAFreshStore() throws IOException {
    Path raft = Files.createDirectories(dir.resolve("raft"));
    Files.write(raft.resolve("LOCK"), new byte[0]);
    Files.write(raft.resolve("LOG"), bytes("Creating DB"));
    Files.write(raft.resolve("MANIFEST-000001"), new byte[] {1, 2, 3});

    try (LevelDbRaftStorage s = LevelDbRaftStorage.open(dir, 1)) {
      assertThat(s.isEmpty()).isTrue();
      s.bootstrap(CONF);
    }
    try (LevelDbRaftStorage s = LevelDbRaftStorage.open(dir, 1)) {
      assertThat(s.snapshot().meta().confState()).isEqualTo(CONF);
    }
  }

  @Test
  void aStoreOfAnotherNodeIsRefusedAndKept() {
    try (LevelDbRaftStorage s = LevelDbRaftStorage.open(dir, 7)) {
      s.bootstrap(CONF);
      s.persist(null, entries(1, 3, 1), new HardState(1, 7, 2));
    }

    assertThatThrownBy(() -> LevelDbRaftStorage.open(dir, 3))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining(dir.toAbsolutePath().toString())
        .hasMessageContaining("belongs to node 7, not to node 3");

    try (LevelDbRaftStorage s = LevelDbRaftStorage.open(dir, 7)) {
      assertThat(s.lastIndex()).isEqualTo(3);
      assertThat(s.hardState()).isEqualTo(new HardState(1, 7, 2));
    }
  }

  /** Offsets into the file: the first is in the header (the index), the last in the data. */
  @ParameterizedTest
  @ValueSource(ints = {6, -1})
  void aCorruptSnapshotFileIsDetectedAtOpenAndKept(int offset) throws IOException {
    try (LevelDbRaftStorage s = LevelDbRaftStorage.open(dir, 1)) {
      s.bootstrap(CONF);
      s.append(entries(1, 10, 1));
      s.saveSnapshot(new Snapshot(new SnapshotMeta(8, 1, CONF), new byte[4096]));
    }
    Path file = dir.resolve("snap").resolve(String.format("%016x-%016x.snap", 1, 8));
    byte[] content = Files.readAllBytes(file);
    content[offset >= 0 ? offset : content.length + offset] ^= 0x01;
    Files.write(file, content);
    Map<String, String> before = contents(dir.resolve("snap"));

    assertThatThrownBy(() -> LevelDbRaftStorage.open(dir, 1))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining(file.toAbsolutePath().toString())
        .hasMessageContaining("corrupt")
        .hasMessageContaining(offset >= 0 ? "header checksum" : "data checksum");

    assertThat(contents(dir.resolve("snap"))).isEqualTo(before);
  }

  @Test
  void aMissingSnapshotFileIsReported() throws IOException {
    try (LevelDbRaftStorage s = LevelDbRaftStorage.open(dir, 1)) {
      s.bootstrap(CONF);
    }
    Files.delete(dir.resolve("snap").resolve(String.format("%016x-%016x.snap", 0, 0)));

    assertThatThrownBy(() -> LevelDbRaftStorage.open(dir, 1))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("missing");
  }

  @Test
  void snapshotsWithoutTheirLogAreNotMistakenForANewNode() throws IOException {
    try (LevelDbRaftStorage s = LevelDbRaftStorage.open(dir, 1)) {
      s.bootstrap(CONF);
    }
    try (Stream<Path> files = Files.walk(dir.resolve("raft"))) {
      files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
    }

    assertThatThrownBy(() -> LevelDbRaftStorage.open(dir, 1))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("refusing to start over");
    assertThat(dir.resolve("raft")).doesNotExist();
  }

  @Test
  void aGapInTheLogIsReportedAtOpen() throws IOException {
    try (LevelDbRaftStorage s = LevelDbRaftStorage.open(dir, 1)) {
      s.bootstrap(CONF);
      s.append(entries(1, 5, 1));
    }
    try (DB db = factory.open(dir.resolve("raft").toFile(), new Options())) {
      db.delete(StorageKeys.entry(3));
    }

    assertThatThrownBy(() -> LevelDbRaftStorage.open(dir, 1))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("inconsistent")
        .hasMessageContaining("entry 4 follows entry 2");
  }

  @Test
  void aLogNotStartingAfterTheSnapshotIsReportedAtOpen() throws IOException {
    try (LevelDbRaftStorage s = LevelDbRaftStorage.open(dir, 1)) {
      s.bootstrap(CONF);
      s.append(entries(1, 5, 1));
    }
    try (DB db = factory.open(dir.resolve("raft").toFile(), new Options())) {
      db.delete(StorageKeys.entry(1));
    }

    assertThatThrownBy(() -> LevelDbRaftStorage.open(dir, 1))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("the first entry is 2 but the snapshot ends at 0");
  }

  @Test
  void aCorruptLevelDbIsReported() throws IOException {
    try (LevelDbRaftStorage s = LevelDbRaftStorage.open(dir, 1)) {
      s.bootstrap(CONF);
      s.append(entries(1, 200, 1));
    }
    // The entries are still in LevelDB's write-ahead log; paranoid checks make a damaged
    // record fail the open instead of being skipped.
    Path wal;
    try (Stream<Path> files = Files.list(dir.resolve("raft"))) {
      wal = files.filter(p -> p.toString().endsWith(".log")).max((a, b) -> Long.compare(size(a), size(b)))
          .orElseThrow();
    }
    byte[] content = Files.readAllBytes(wal);
    for (int i = content.length / 2; i < content.length / 2 + 16; i++) {
      content[i] ^= (byte) 0xFF;
    }
    Files.write(wal, content);

    assertThatThrownBy(() -> LevelDbRaftStorage.open(dir, 1))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining(dir.resolve("raft").toAbsolutePath().toString())
        .hasMessageContaining("LevelDB reports corruption");
  }

  @Test
  void aStoreOpenElsewhereIsRefused() {
    try (LevelDbRaftStorage s = LevelDbRaftStorage.open(dir, 1)) {
      assertThatThrownBy(() -> LevelDbRaftStorage.open(dir, 1))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("open in another process");
    }
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      throw new RuntimeException(e);
    }
  }

  /** Every regular file under {@code root} with a digest of its bytes, for "left untouched" checks. */
  private static Map<String, String> contents(Path root) throws IOException {
    Map<String, String> result = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        result.put(root.relativize(p).toString(), sha256(Files.readAllBytes(p)));
      }
    }
    return result;
  }

  private static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
