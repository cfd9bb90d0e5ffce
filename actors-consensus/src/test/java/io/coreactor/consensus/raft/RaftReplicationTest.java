package io.coreactor.consensus.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.coreactor.consensus.raft.RaftMessage.AppendEntries;
import io.coreactor.consensus.raft.RaftMessage.AppendEntriesResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Log replication: Figure 2's AppendEntries rules, commitment, batching and pipelining. */
class RaftReplicationTest {

  private static TestNet elected(int n) {
    TestNet net = new TestNet(n);
    net.node(1).campaign();
    net.settle();
    return net;
  }

  @Test
  void proposalsCommitAndApplyInTheSameOrderEverywhere() {
    TestNet net = elected(3);
    for (int i = 0; i < 20; i++) {
      assertThat(net.propose(1, "v" + i).accepted()).isTrue();
    }
    net.tickAll(1);
    for (long id = 1; id <= 3; id++) {
      assertThat(net.appliedStrings(id)).hasSize(20).startsWith("v0", "v1").endsWith("v19");
    }
  }

  @Test
  void aFollowerRefusesProposals() {
    TestNet net = elected(3);
    ProposeResult r = net.node(2).propose("x".getBytes());
    assertThat(r.accepted()).isFalse();
    assertThat(r.leaderHint()).isEqualTo(1);
  }

  @Test
  void aFollowerRejectsAnAppendWhosePreviousEntryItLacksAndHintsWhereToResume() {
    TestNet net = elected(3);
    RaftCore n2 = net.node(2);
    n2.step(new AppendEntries(1, 2, 2, 10, 2, List.of(Entry.normal(11, 2, "z".getBytes())), 4));
    AppendEntriesResponse resp = (AppendEntriesResponse) n2.ready().messages().get(0);
    assertThat(resp.success()).isFalse();
    assertThat(resp.rejectedIndex()).isEqualTo(10);
    assertThat(resp.hintIndex()).isEqualTo(n2.lastIndex());
  }

  @Test
  void aConflictingUncommittedSuffixIsReplacedByTheLeadersEntries() {
    TestNet net = elected(3);
    net.propose(1, "a");
    net.tickAll(1);
    // leader 1 is cut off and appends entries nobody else gets
    net.isolate(1);
    net.node(1).propose("lost-1".getBytes());
    net.node(1).propose("lost-2".getBytes());
    net.settle();
    assertThat(net.node(1).lastIndex()).isEqualTo(7); // 3 founding entries, no-op, "a", 2 lost
    net.tickAll(40);
    long newLeader = net.leader();
    assertThat(newLeader).isIn(2L, 3L);
    net.propose(newLeader, "b");
    net.heal();
    net.tickAll(5);
    assertThat(net.appliedStrings(1)).containsExactly("a", "b");
    assertThat(net.node(1).termAt(6)).isEqualTo(net.node(newLeader).termAt(6));
  }

  @Test
  void anEntryFromAnEarlierTermIsNotCommittedByCountingReplicas() {
    // Raft §5.4.2 / Figure 8: a leader must not commit an old term's entry by counting replicas.
    TestNet net = new TestNet(3, c -> c.withLimits(30, 256, 1 << 20)); // one entry per AppendEntries
    net.node(1).campaign();
    net.settle();
    net.propose(1, "a"); // index 5, term 2, on all three (1-3 founding, 4 no-op)
    net.tickAll(1);
    net.isolate(1);
    net.node(1).propose("old".getBytes()); // index 6, term 2, only on node 1
    net.settle();
    net.tick(1, 25); // cut off: node 1 steps down (check-quorum)
    net.tick(2, 25); // node 2 stops waiting for its lost leader
    net.heal();
    net.dropIf = m -> m.to() == 3 || m.from() == 3
        || (m instanceof AppendEntriesResponse r && r.success() && r.matchIndex() >= 7);
    net.node(1).campaign();
    net.settle();
    assertThat(net.leader()).isEqualTo(1);
    assertThat(net.node(1).term()).isEqualTo(3);
    assertThat(net.node(2).termAt(6)).as("node 2 holds the old entry").isEqualTo(2);
    // "old" is on a majority (1 and 2) but of term 2: not committed
    assertThat(net.node(1).commitIndex()).isEqualTo(5);
    net.dropIf = m -> m.to() == 3 || m.from() == 3;
    net.tickAll(2);
    assertThat(net.node(1).commitIndex()).isEqualTo(7);
    assertThat(net.appliedStrings(1)).containsExactly("a", "old");
  }

  @Test
  void theLeaderCountsItselfOnlyAfterPersisting() {
    TestNet net = new TestNet(1);
    net.tickAll(20);
    RaftCore n1 = net.node(1);
    n1.propose("x".getBytes());
    Ready r = n1.ready();
    assertThat(r.entries()).hasSize(1);
    assertThat(r.committedEntries()).isEmpty();
    assertThat(n1.commitIndex()).isEqualTo(r.entries().get(0).index() - 1);
    n1.advance(r);
    assertThat(n1.commitIndex()).isEqualTo(r.entries().get(0).index());
  }

  @Test
  void proposalsMadeDuringOneWriteGoOutInOneAppendPerFollower() {
    TestNet net = elected(3);
    net.tickAll(1);
    RaftCore n1 = net.node(1);
    for (int i = 0; i < 50; i++) {
      n1.propose(("p" + i).getBytes());
    }
    Ready r = n1.ready();
    List<AppendEntries> appends = r.messages().stream().filter(m -> m instanceof AppendEntries)
        .map(m -> (AppendEntries) m).toList();
    assertThat(appends).hasSize(2);
    assertThat(appends).allSatisfy(a -> assertThat(a.entries()).hasSize(50));
    assertThat(r.entries()).hasSize(50);
  }

  @Test
  void appendsAreSplitByMaxSizeAndPipelinedWithinTheWindow() {
    TestNet net = new TestNet(3, c -> c.withLimits(100, 3, 1 << 20));
    net.node(1).campaign();
    net.settle();
    net.tickAll(1);
    RaftCore n1 = net.node(1);
    for (int i = 0; i < 10; i++) {
      n1.propose(new byte[80]); // one entry per message at a 100 byte limit
    }
    Ready r = n1.ready();
    long toNode2 = r.messages().stream().filter(m -> m instanceof AppendEntries && m.to() == 2).count();
    assertThat(toNode2).as("in-flight window of 3").isEqualTo(3);
    net.inject(r.messages());
    n1.advance(r);
    net.settle();
    assertThat(net.node(2).lastIndex()).isEqualTo(n1.lastIndex());
    net.tickAll(1);
    assertThat(net.applied.get(3L)).hasSize(10);
  }

  @Test
  void aLaggingFollowerCatchesUpThroughFastBacktracking() {
    TestNet net = elected(3);
    net.isolate(3);
    for (int i = 0; i < 30; i++) {
      net.propose(1, "v" + i);
    }
    net.heal();
    int before = net.sentLog.size();
    net.tickAll(2);
    assertThat(net.appliedStrings(3)).hasSize(30);
    long probesTo3 = net.sentLog.subList(before, net.sentLog.size()).stream()
        .filter(m -> m instanceof AppendEntries && m.to() == 3).count();
    assertThat(probesTo3).isLessThan(10);
  }

  @Test
  void aRestartedFollowerKeepsItsLogAndRejoins() {
    TestNet net = elected(3);
    net.propose(1, "a");
    net.restart(2);
    net.propose(1, "b");
    net.tickAll(2);
    assertThat(net.appliedStrings(2)).containsExactly("a", "b");
  }
}
