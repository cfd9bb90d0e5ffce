package io.coreactor.consensus.raft.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coreactor.consensus.raft.ConfState;
import io.coreactor.consensus.raft.Entry;
import io.coreactor.consensus.raft.HardState;
import io.coreactor.consensus.raft.PersistentState;
import io.coreactor.consensus.raft.Snapshot;
import io.coreactor.consensus.raft.SnapshotMeta;
import io.coreactor.consensus.storage.MemoryRaftStorage;
import io.coreactor.consensus.storage.StorageException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulation's storage keeps the {@code RaftStorage} contract the simulated nodes restart from. */
class MemoryRaftStorageTest {

  private static final ConfState ONE = ConfState.ofVoters(List.of(1L));

  private static Entry e(long index, long term) {
    return Entry.normal(index, term, new byte[] {(byte) index});
  }

  private static MemoryRaftStorage bootstrapped() {
    MemoryRaftStorage s = new MemoryRaftStorage();
    assertThat(s.isEmpty()).isTrue();
    s.bootstrap(ONE);
    return s;
  }

  @Test
  void aRestartSeesExactlyWhatWasPersisted() {
    MemoryRaftStorage s = bootstrapped();
    s.persist(null, List.of(e(1, 1), e(2, 1), e(3, 1)), new HardState(1, 1, 2));
    PersistentState ps = s.load();
    assertThat(ps.entries()).containsExactly(e(1, 1), e(2, 1), e(3, 1));
    assertThat(ps.hardState()).isEqualTo(new HardState(1, 1, 2));
    assertThat(ps.snapshot().meta()).isEqualTo(new SnapshotMeta(0, 0, ONE));
    assertThat(MemoryRaftStorage.of(ps).load()).isEqualTo(ps);
  }

  @Test
  void appendedEntriesReplaceTheSuffixFromTheirFirstIndex() {
    MemoryRaftStorage s = bootstrapped();
    s.append(List.of(e(1, 1), e(2, 1), e(3, 1)));
    s.persist(null, List.of(e(2, 2)), null);
    assertThat(s.lastIndex()).isEqualTo(2);
    assertThat(s.term(2)).isEqualTo(2);
    assertThatThrownBy(() -> s.append(List.of(e(5, 2)))).isInstanceOf(StorageException.class);
    s.truncateSuffix(2);
    assertThat(s.entries(1, 2)).containsExactly(e(1, 1));
  }

  @Test
  void aLocalSnapshotCompactsTheLogButKeepsTheTermAtItsIndex() {
    MemoryRaftStorage s = bootstrapped();
    s.append(List.of(e(1, 1), e(2, 1), e(3, 2)));
    s.saveSnapshot(new Snapshot(new SnapshotMeta(2, 1, ONE), new byte[] {9}));
    assertThat(s.firstIndex()).isEqualTo(3);
    assertThat(s.term(2)).isEqualTo(1);
    assertThat(s.load().entries()).containsExactly(e(3, 2));
    s.saveSnapshot(new Snapshot(new SnapshotMeta(1, 1, ONE), new byte[] {8}));
    assertThat(s.snapshot().index()).isEqualTo(2);
    assertThatThrownBy(() -> s.entries(2, 3)).isInstanceOf(StorageException.class);
  }

  @Test
  void aSnapshotFromTheLeaderKeepsOnlyAMatchingSuffix() {
    MemoryRaftStorage s = bootstrapped();
    s.append(List.of(e(1, 1), e(2, 1), e(3, 1)));
    s.persist(new Snapshot(new SnapshotMeta(2, 1, ONE), new byte[0]), List.of(), null);
    assertThat(s.load().entries()).containsExactly(e(3, 1));
    s.persist(new Snapshot(new SnapshotMeta(5, 3, ONE), new byte[0]), List.of(e(6, 3)), new HardState(3, 0, 5));
    assertThat(s.firstIndex()).isEqualTo(6);
    assertThat(s.load().entries()).containsExactly(e(6, 3));
    assertThat(s.term(5)).isEqualTo(3);
  }

  @Test
  void aFailedWriteChangesNothing() {
    MemoryRaftStorage s = bootstrapped();
    s.append(List.of(e(1, 1)));
    PersistentState before = s.load();
    assertThatThrownBy(() -> s.persist(new Snapshot(new SnapshotMeta(4, 2, ONE), new byte[0]), List.of(e(9, 2)),
        new HardState(2, 0, 4))).isInstanceOf(StorageException.class);
    assertThat(s.load()).isEqualTo(before);
  }
}
