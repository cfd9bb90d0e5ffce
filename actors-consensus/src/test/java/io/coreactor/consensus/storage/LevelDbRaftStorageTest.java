package io.coreactor.consensus.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coreactor.consensus.raft.ConfState;
import io.coreactor.consensus.raft.Entry;
import io.coreactor.consensus.raft.HardState;
import io.coreactor.consensus.raft.PersistentState;
import io.coreactor.consensus.raft.Snapshot;
import io.coreactor.consensus.raft.SnapshotMeta;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a Raft node sees of its storage across restarts. */
class LevelDbRaftStorageTest {

  private static final ConfState CONF = ConfState.ofVoters(List.of(1L, 2L, 3L));

  @TempDir Path dir;
  private LevelDbRaftStorage storage;

  @AfterEach
  void closeStorage() {
    if (storage != null) {
      storage.close();
    }
  }

  @Test
  void aNewStoreIsEmptyAndTheBootstrapSnapshotSurvivesReopen() {
    storage = LevelDbRaftStorage.open(dir.resolve("node"), 1);
    assertThat(storage.isEmpty()).isTrue();
    assertThat(storage.hardState()).isEqualTo(HardState.EMPTY);

    storage.bootstrap(CONF);
    reopen(dir.resolve("node"));

    assertThat(storage.isEmpty()).isFalse();
    assertThat(storage.load()).isEqualTo(PersistentState.bootstrap(CONF));
    assertThat(storage.snapshot().meta()).isEqualTo(new SnapshotMeta(0, 0, CONF));
    assertThat(storage.firstIndex()).isEqualTo(1);
    assertThat(storage.lastIndex()).isEqualTo(0);
    assertThat(storage.term(0)).isEqualTo(0);
    assertThatThrownBy(() -> storage.bootstrap(CONF)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void appendedEntriesAndHardStateSurviveReopen() {
    storage = bootstrapped();
    List<Entry> log = List.of(
        Entry.normal(1, 1, new byte[0]),
        new Entry(2, 1, Entry.Type.CONF_CHANGE, bytes("add 4")),
        Entry.normal(3, 2, bytes("x")),
        Entry.normal(4, 2, new byte[5000]),
        Entry.normal(5, 3, bytes("last")));
    storage.append(log.subList(0, 2));
    storage.persist(null, log.subList(2, 5), new HardState(3, 2, 4));
    reopen(dir);

    assertThat(storage.lastIndex()).isEqualTo(5);
    assertThat(storage.entries(1, 6)).isEqualTo(log);
    assertThat(storage.entries(2, 4)).isEqualTo(log.subList(1, 3));
    assertThat(storage.entries(6, 6)).isEmpty();
    assertThat(storage.term(0)).isEqualTo(0);
    assertThat(storage.term(3)).isEqualTo(2);
    assertThat(storage.term(5)).isEqualTo(3);
    assertThat(storage.hardState()).isEqualTo(new HardState(3, 2, 4));
    assertThat(storage.load()).isEqualTo(new PersistentState(new HardState(3, 2, 4),
        new Snapshot(new SnapshotMeta(0, 0, CONF), new byte[0]), log));
  }

  @Test
  void readsOutsideTheLogAreRejected() {
    storage = bootstrapped();
    storage.append(entries(1, 5, 1));
    assertThatThrownBy(() -> storage.entries(1, 7)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("last index 5");
    assertThatThrownBy(() -> storage.entries(0, 2)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> storage.term(6)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anOverlappingAppendReplacesTheSuffixDurably() {
    storage = bootstrapped();
    storage.append(entries(1, 10, 1));
    storage.persist(null, entries(6, 7, 2), new HardState(2, 1, 5));
    assertThat(storage.lastIndex()).isEqualTo(7);
    reopen(dir);

    assertThat(storage.lastIndex()).isEqualTo(7);
    List<Entry> expected = new ArrayList<>(entries(1, 5, 1));
    expected.addAll(entries(6, 7, 2));
    assertThat(storage.entries(1, 8)).isEqualTo(expected);
    assertThat(storage.term(7)).isEqualTo(2);
    assertThat(storage.hardState()).isEqualTo(new HardState(2, 1, 5));
  }

  @Test
  void truncateSuffixSurvivesReopen() {
    storage = bootstrapped();
    storage.append(entries(1, 10, 1));
    storage.truncateSuffix(4);
    reopen(dir);

    assertThat(storage.lastIndex()).isEqualTo(3);
    assertThat(storage.term(3)).isEqualTo(1);
    assertThat(storage.entries(1, 4)).isEqualTo(entries(1, 3, 1));
    storage.append(entries(4, 4, 2));
    assertThat(storage.entries(4, 5)).isEqualTo(entries(4, 4, 2));
  }

  @Test
  void aLocalSnapshotCompactsTheLogAndSurvivesReopen() throws IOException {
    storage = bootstrapped();
    storage.append(entries(1, 20, 1));
    storage.append(entries(21, 30, 2));
    Snapshot snap = new Snapshot(new SnapshotMeta(25, 2, CONF), bytes("state at 25"));
    storage.saveSnapshot(snap);
    reopen(dir);

    assertThat(storage.firstIndex()).isEqualTo(26);
    assertThat(storage.lastIndex()).isEqualTo(30);
    assertThat(storage.term(25)).isEqualTo(2);
    assertThat(storage.snapshot()).isEqualTo(snap);
    assertThat(storage.load()).isEqualTo(new PersistentState(HardState.EMPTY, snap, entries(26, 30, 2)));
    assertThat(snapFiles()).as("the bootstrap snapshot file is gone").hasSize(1);

    storage.saveSnapshot(new Snapshot(new SnapshotMeta(20, 1, CONF), bytes("older")));
    assertThat(storage.snapshot()).as("an older snapshot is ignored").isEqualTo(snap);
    assertThatThrownBy(() -> storage.entries(25, 27)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theStoredFormOfASnapshotReadsItsDataFromTheFileInAnyChunks() {
    storage = bootstrapped();
    assertThat(storage.storedSnapshot().index()).isZero();
    storage.append(entries(1, 30, 1));
    byte[] data = new byte[300_001];
    new java.util.Random(5).nextBytes(data);
    Snapshot snap = new Snapshot(new SnapshotMeta(25, 1, CONF), data);
    storage.saveSnapshot(snap);

    Snapshot stored = storage.storedSnapshot();
    assertThat(stored.inMemory()).isFalse();
    assertThat(stored.meta()).isEqualTo(snap.meta());
    assertThat(stored.length()).isEqualTo(data.length);
    java.io.ByteArrayOutputStream chunks = new java.io.ByteArrayOutputStream();
    for (int off = 0; off < data.length; off += 65_536) {
      chunks.writeBytes(stored.read(off, Math.min(65_536, data.length - off)));
    }
    assertThat(chunks.toByteArray()).isEqualTo(data);
    assertThat(stored).isEqualTo(snap);
    assertThatThrownBy(() -> stored.read(data.length - 1, 2)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void entriesASnapshotCoversAreDeletedAChunkPerLaterWriteAndARestartInBetweenCleansUp() {
    storage = bootstrapped();
    for (long i = 1; i <= 5000; i += 500) {
      storage.append(entries(i, i + 499, 1));
    }
    storage.saveSnapshot(new Snapshot(new SnapshotMeta(4500, 1, CONF), bytes("state at 4500")));
    assertThat(storage.firstIndex()).isEqualTo(4501);
    assertThat(storage.coveredStillStored()).as("the snapshot's own write deletes one chunk").isEqualTo(2500);
    storage.saveHardState(new HardState(1, 0, 4600));
    assertThat(storage.coveredStillStored()).isEqualTo(500);

    reopen(dir);   // the rest goes at open
    assertThat(storage.coveredStillStored()).isZero();
    assertThat(storage.load().entries()).isEqualTo(entries(4501, 5000, 1));
    storage.append(entries(5001, 5001, 1));
    storage.saveSnapshot(new Snapshot(new SnapshotMeta(5001, 1, CONF), bytes("state at 5001")));
    reopen(dir);
    assertThat(storage.firstIndex()).isEqualTo(5002);
    assertThat(storage.lastIndex()).isEqualTo(5001);
  }

  @Test
  void aStagedSnapshotIsNotInForceUntilSavedAndThenSurvivesReopen() throws IOException {
    storage = bootstrapped();
    storage.append(entries(1, 30, 1));
    Snapshot snap = new Snapshot(new SnapshotMeta(25, 1, CONF), bytes("state at 25"));
    storage.stageSnapshot(snap);
    assertThat(storage.firstIndex()).as("staging only writes the file").isEqualTo(1);
    assertThat(snapFiles()).hasSize(2);

    storage.saveSnapshot(snap);
    reopen(dir);
    assertThat(storage.snapshot()).isEqualTo(snap);
    assertThat(storage.firstIndex()).isEqualTo(26);
    assertThat(snapFiles()).containsExactly(String.format("%016x-%016x.snap", 1, 25));
  }

  @Test
  void aStagedSnapshotThatIsNoLongerNewerIsRemovedAndOneStagedButNeverSavedGoesAtOpen() throws IOException {
    storage = bootstrapped();
    storage.append(entries(1, 30, 1));
    Snapshot older = new Snapshot(new SnapshotMeta(10, 1, CONF), bytes("state at 10"));
    Snapshot newer = new Snapshot(new SnapshotMeta(20, 1, CONF), bytes("state at 20"));
    storage.stageSnapshot(older);
    storage.saveSnapshot(newer);   // say, one installed from the leader got there first
    storage.saveSnapshot(older);
    assertThat(storage.snapshot()).isEqualTo(newer);
    assertThat(snapFiles()).containsExactly(String.format("%016x-%016x.snap", 1, 20));

    storage.stageSnapshot(new Snapshot(new SnapshotMeta(25, 1, CONF), bytes("state at 25")));
    reopen(dir);   // the process died before the batch referring to it
    assertThat(storage.snapshot()).isEqualTo(newer);
    assertThat(snapFiles()).containsExactly(String.format("%016x-%016x.snap", 1, 20));
  }

  @Test
  void anInstalledSnapshotBeyondTheLogReplacesIt() {
    storage = bootstrapped();
    storage.append(entries(1, 10, 1));
    Snapshot snap = new Snapshot(new SnapshotMeta(15, 3, CONF), bytes("leader's state"));
    storage.persist(snap, entries(16, 17, 3), new HardState(3, 2, 16));
    reopen(dir);

    assertThat(storage.load()).isEqualTo(new PersistentState(new HardState(3, 2, 16), snap, entries(16, 17, 3)));
    assertThat(storage.firstIndex()).isEqualTo(16);
    assertThat(storage.term(15)).isEqualTo(3);
  }

  @Test
  void anInstalledSnapshotMatchingTheLogKeepsTheEntriesAfterIt() {
    storage = bootstrapped();
    storage.append(entries(1, 20, 1));
    Snapshot snap = new Snapshot(new SnapshotMeta(10, 1, CONF), bytes("s"));
    storage.persist(snap, List.of(), null);
    reopen(dir);

    assertThat(storage.firstIndex()).isEqualTo(11);
    assertThat(storage.entries(11, 21)).isEqualTo(entries(11, 20, 1));
  }

  @Test
  void anInstalledSnapshotConflictingWithTheLogDropsAllOfIt() {
    storage = bootstrapped();
    storage.append(entries(1, 20, 1));
    storage.persist(new Snapshot(new SnapshotMeta(10, 3, CONF), bytes("s")), List.of(), null);
    reopen(dir);

    assertThat(storage.firstIndex()).isEqualTo(11);
    assertThat(storage.lastIndex()).isEqualTo(10);
    assertThat(storage.term(10)).isEqualTo(3);
    assertThat(storage.load().entries()).isEmpty();
  }

  @Test
  void entriesAlreadyInTheSnapshotAreSkippedOnAppend() {
    storage = bootstrapped();
    storage.append(entries(1, 10, 1));
    storage.saveSnapshot(new Snapshot(new SnapshotMeta(5, 1, CONF), new byte[0]));
    storage.append(entries(3, 12, 1));
    assertThat(storage.firstIndex()).isEqualTo(6);
    assertThat(storage.entries(6, 13)).isEqualTo(entries(6, 12, 1));
  }

  @Test
  void invalidAppendsAreRejectedAndChangeNothing() {
    storage = bootstrapped();
    storage.append(entries(1, 5, 2));
    assertThatThrownBy(() -> storage.append(entries(7, 8, 2))).hasMessageContaining("gap");
    assertThatThrownBy(() -> storage.append(entries(6, 6, 1))).hasMessageContaining("term 2");
    assertThatThrownBy(() -> storage.append(List.of(Entry.normal(6, 2, null), Entry.normal(8, 2, null))))
        .hasMessageContaining("not contiguous");
    reopen(dir);
    assertThat(storage.entries(1, 6)).isEqualTo(entries(1, 5, 2));
  }

  @Test
  void compactionIsOnlyThroughASnapshot() {
    storage = bootstrapped();
    storage.append(entries(1, 10, 1));
    storage.saveSnapshot(new Snapshot(new SnapshotMeta(4, 1, CONF), new byte[0]));
    storage.compactPrefix(3);
    storage.compactPrefix(4);
    assertThat(storage.firstIndex()).isEqualTo(5);
    assertThatThrownBy(() -> storage.compactPrefix(6)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("snapshot at 4");
    assertThatThrownBy(() -> storage.truncateSuffix(4)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void hardStateAloneSurvivesReopen() {
    storage = LevelDbRaftStorage.open(dir, 1);
    storage.saveHardState(new HardState(7, 3, 0));
    assertThat(storage.isEmpty()).isFalse();
    reopen(dir);
    assertThat(storage.hardState()).isEqualTo(new HardState(7, 3, 0));
  }

  @Test
  void orphanedSnapshotFilesAreRemovedAtOpen() throws IOException {
    storage = bootstrapped();
    storage.close();
    Path snapDir = dir.resolve("snap");
    // What a crash between writing a snapshot file and the batch referring to it leaves.
    Files.write(snapDir.resolve(String.format("%016x-%016x.snap", 1, 9)), bytes("orphan"));
    Files.write(snapDir.resolve(String.format("%016x-%016x.snap.tmp", 1, 12)), bytes("half"));
    Files.write(snapDir.resolve("README"), bytes("not ours"));

    storage = LevelDbRaftStorage.open(dir, 1);
    assertThat(snapFiles()).containsExactly(String.format("%016x-%016x.snap", 0, 0), "README");
    assertThat(storage.snapshot().meta()).isEqualTo(new SnapshotMeta(0, 0, CONF));
  }

  @Test
  void closeIsIdempotentAndUseAfterCloseFails() {
    storage = bootstrapped();
    storage.close();
    storage.close();
    assertThatThrownBy(() -> storage.lastIndex()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  private LevelDbRaftStorage bootstrapped() {
    LevelDbRaftStorage s = LevelDbRaftStorage.open(dir, 1);
    s.bootstrap(CONF);
    return s;
  }

  private void reopen(Path path) {
    storage.close();
    storage = LevelDbRaftStorage.open(path, 1);
  }

  private List<String> snapFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve("snap"))) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  static List<Entry> entries(long from, long through, long term) {
    List<Entry> result = new ArrayList<>();
    for (long i = from; i <= through; i++) {
      result.add(Entry.normal(i, term, bytes("entry " + i + "@" + term)));
    }
    return result;
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
