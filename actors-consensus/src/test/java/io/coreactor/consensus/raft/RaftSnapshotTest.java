package io.coreactor.consensus.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.coreactor.consensus.raft.RaftMessage.InstallSnapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Snapshots: compaction, chunked InstallSnapshot to a lagging follower, restart from a snapshot. */
class RaftSnapshotTest {

  @Test
  void aFollowerBehindTheCompactedLogIsBroughtUpThroughChunkedInstallSnapshot() {
    TestNet net = new TestNet(3, c -> c.withLimits(1 << 20, 256, 16));
    net.node(1).campaign();
    net.settle();
    net.isolate(3);
    for (int i = 0; i < 20; i++) {
      net.propose(1, "value-" + i);
    }
    net.tickAll(1);
    Snapshot snap = net.snapshot(1);
    assertThat(net.node(1).firstIndex()).isEqualTo(snap.index() + 1);
    assertThat(snap.data().length).isGreaterThan(16 * 3);
    net.heal();
    net.tickAll(3);
    List<InstallSnapshot> chunks = net.sentLog.stream().filter(m -> m instanceof InstallSnapshot)
        .map(m -> (InstallSnapshot) m).toList();
    assertThat(chunks.size()).isGreaterThanOrEqualTo(snap.data().length / 16);
    assertThat(chunks).allSatisfy(c -> assertThat(c.chunk().length).isLessThanOrEqualTo(16));
    assertThat(net.appliedStrings(3)).hasSize(20).startsWith("value-0").endsWith("value-19");
    assertThat(net.node(3).snapshot().index()).isEqualTo(snap.index());
    assertThat(net.node(3).appliedIndex()).isGreaterThanOrEqualTo(snap.index());
    assertThat(net.node(3).confState().voters()).containsExactly(1L, 2L, 3L);
    // and it keeps replicating normally afterwards
    net.propose(1, "after");
    net.tickAll(1);
    assertThat(net.appliedStrings(3)).endsWith("after");
  }

  @Test
  void theAppliedIndexMovesToAReceivedSnapshotOnlyWhenTheShellRestoredIt() {
    TestNet net = new TestNet(3);
    net.node(1).campaign();
    net.settle();
    net.isolate(3);
    for (int i = 0; i < 5; i++) {
      net.propose(1, "v" + i);
    }
    net.tickAll(1);
    Snapshot snap = net.snapshot(1);
    RaftCore n3 = net.node(3);
    long appliedBefore = n3.appliedIndex();
    n3.step(new InstallSnapshot(1, 3, n3.term(), snap.meta(), 0, snap.data(), true));
    assertThat(n3.appliedIndex()).isEqualTo(appliedBefore);
    Ready r = n3.ready();
    assertThat(r.snapshot()).isEqualTo(snap);
    assertThat(n3.appliedIndex()).isEqualTo(appliedBefore);
    n3.advance(r);
    assertThat(n3.appliedIndex()).isEqualTo(snap.index());
  }

  @Test
  void lostChunksAreResentFromWhereTheFollowerStands() {
    TestNet net = new TestNet(3, c -> c.withLimits(1 << 20, 256, 8));
    net.node(1).campaign();
    net.settle();
    net.isolate(2);
    for (int i = 0; i < 10; i++) {
      net.propose(1, "v" + i);
    }
    net.tickAll(1);
    net.snapshot(1);
    net.heal();
    int[] seen = {0};
    net.dropIf = m -> m instanceof InstallSnapshot && m.to() == 2 && (seen[0]++ % 3 == 1);
    net.tickAll(30);
    assertThat(net.appliedStrings(2)).hasSize(10).endsWith("v9");
  }

  @Test
  void aNodeRestartsFromItsSnapshotAndTheEntriesAfterIt() {
    TestNet net = new TestNet(3);
    net.node(1).campaign();
    net.settle();
    for (int i = 0; i < 5; i++) {
      net.propose(1, "a" + i);
    }
    net.tickAll(1);
    net.snapshot(2);
    net.propose(1, "b");
    net.tickAll(1);
    net.restart(2);
    assertThat(net.node(2).firstIndex()).isGreaterThan(1);
    net.tickAll(2);
    assertThat(net.appliedStrings(2)).containsExactly("a0", "a1", "a2", "a3", "a4", "b");
  }

  @Test
  void aSnapshotRecordsTheConfigurationInForceAtItsIndex() {
    TestNet net = new TestNet(3);
    net.node(1).campaign();
    net.settle();
    net.node(1).proposeConfChange(new ConfChange(ConfChange.Type.REMOVE, 3));
    net.settle();
    net.tickAll(1);
    Snapshot s = net.snapshot(1);
    assertThat(s.meta().confState().voters()).containsExactly(1L, 2L);
  }
}
