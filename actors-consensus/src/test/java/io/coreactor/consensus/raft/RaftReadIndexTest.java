package io.coreactor.consensus.raft;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** ReadIndex linearizable reads (Raft thesis §6.4). */
class RaftReadIndexTest {

  private static TestNet elected(int n) {
    TestNet net = new TestNet(n);
    net.node(1).campaign();
    net.settle();
    net.tickAll(1);
    return net;
  }

  @Test
  void theLeaderReleasesAReadAtItsCommitIndexAfterAHeartbeatRound() {
    TestNet net = elected(3);
    net.propose(1, "a");
    long commit = net.node(1).commitIndex();
    assertThat(net.node(1).readIndex(42)).isTrue();
    net.settle();
    assertThat(net.reads.get(1L)).containsExactly(new ReadState(commit, 42));
  }

  @Test
  void aFollowerGetsItsReadIndexFromTheLeader() {
    TestNet net = elected(3);
    net.propose(1, "a");
    assertThat(net.node(2).readIndex(7)).isTrue();
    net.settle();
    assertThat(net.reads.get(2L)).containsExactly(new ReadState(net.node(1).commitIndex(), 7));
  }

  @Test
  void aLeaderCutOffFromTheMajorityReleasesNoRead() {
    TestNet net = elected(3);
    net.isolate(1);
    net.node(1).readIndex(9);
    net.settle();
    net.tick(1, 5);
    assertThat(net.reads.get(1L)).isEmpty();
  }

  @Test
  void manyReadsShareOneHeartbeatRound() {
    TestNet net = elected(3);
    int before = net.sentLog.size();
    for (int i = 1; i <= 50; i++) {
      net.node(1).readIndex(i);
    }
    net.settle();
    assertThat(net.reads.get(1L)).hasSize(50);
    long heartbeats = net.sentLog.subList(before, net.sentLog.size()).stream()
        .filter(m -> m instanceof RaftMessage.Heartbeat).count();
    assertThat(heartbeats).isEqualTo(2);
  }

  @Test
  void aNewLeaderServesReadsOnlyOnceItsTermHasCommitted() {
    TestNet net = new TestNet(1);
    net.node(1).campaign();
    // the no-op at index 2 is not persisted, so not committed: the read must wait for it
    assertThat(net.node(1).role()).isEqualTo(Role.LEADER);
    assertThat(net.node(1).readIndex(5)).isTrue();
    Ready r = net.node(1).ready();
    assertThat(r.readStates()).isEmpty();
    net.disks.get(1L).persist(r);
    net.node(1).advance(r);
    net.settle();
    assertThat(net.reads.get(1L)).containsExactly(new ReadState(2, 5));
  }

  @Test
  void withoutALeaderAReadIsRefused() {
    TestNet net = new TestNet(3);
    assertThat(net.node(2).readIndex(1)).isFalse();
  }
}
