package io.coreactor.consensus.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.coreactor.consensus.raft.RaftMessage.RequestVote;
import org.junit.jupiter.api.Test;

/** Elections: Figure 2's RequestVote rules, pre-vote and check-quorum. */
class RaftElectionTest {

  @Test
  void aCampaigningNodeWinsAndCommitsANoop() {
    TestNet net = new TestNet(3);
    net.node(1).campaign();
    net.settle();
    assertThat(net.leader()).isEqualTo(1);
    // founders start in term 1 with the initial voters committed at indexes 1..3
    assertThat(net.node(1).term()).isEqualTo(2);
    assertThat(net.node(2).leader()).isEqualTo(1);
    // the new term's no-op is committed everywhere once heartbeats carry the commit index
    net.tickAll(1);
    for (long id = 1; id <= 3; id++) {
      assertThat(net.node(id).commitIndex()).as("commit on %d", id).isEqualTo(4);
      assertThat(net.node(id).termAt(4)).isEqualTo(2);
    }
  }

  @Test
  void electionTimeoutStartsAnElectionWithoutHelp() {
    TestNet net = new TestNet(3);
    net.tickAll(25);
    assertThat(net.leader()).isNotEqualTo(RaftCore.NONE);
  }

  @Test
  void aSingleNodeElectsItselfAndCommitsAlone() {
    TestNet net = new TestNet(1);
    net.tickAll(20);
    assertThat(net.leader()).isEqualTo(1);
    assertThat(net.propose(1, "x").accepted()).isTrue();
    assertThat(net.appliedStrings(1)).containsExactly("x");
  }

  @Test
  void aNodeGrantsAtMostOneVotePerTerm() {
    TestNet net = new TestNet(3, c -> new RaftConfig(c.id(), 10, 1, 1 << 20, 64, true, false, 1 << 20, 0));
    RaftCore n3 = net.node(3);
    n3.step(new RequestVote(1, 3, 2, 3, 1, false, false));
    n3.step(new RequestVote(2, 3, 2, 3, 1, false, false));
    Ready r = n3.ready();
    assertThat(r.hardState().vote()).isEqualTo(1);
    assertThat(r.messages()).hasSize(2);
    assertThat(((RaftMessage.RequestVoteResponse) r.messages().get(0)).granted()).isTrue();
    assertThat(((RaftMessage.RequestVoteResponse) r.messages().get(1)).granted()).isFalse();
  }

  @Test
  void aCandidateWithAShorterLogGetsNoVote() {
    TestNet net = new TestNet(3);
    net.node(1).campaign();
    net.settle();
    net.propose(1, "a");
    // node 3 never saw "a": it cannot win against nodes that have it
    net.isolate(1);
    RaftCore n2 = net.node(2);
    n2.step(new RequestVote(3, 2, 5, 1, 1, false, true));
    Ready r = n2.ready();
    RaftMessage.RequestVoteResponse resp = (RaftMessage.RequestVoteResponse) r.messages().get(0);
    assertThat(resp.granted()).isFalse();
    assertThat(resp.term()).isEqualTo(5);
  }

  @Test
  void preVoteKeepsAnIsolatedNodeFromRaisingItsTerm() {
    TestNet net = new TestNet(3);
    net.node(1).campaign();
    net.settle();
    net.isolate(3);
    net.tickAll(100);
    assertThat(net.node(3).term()).isEqualTo(2);
    assertThat(net.node(3).role()).isEqualTo(Role.PRE_CANDIDATE);
    net.heal();
    net.tickAll(5);
    assertThat(net.leader()).isEqualTo(1);
    assertThat(net.node(1).term()).isEqualTo(2);
    assertThat(net.node(3).leader()).isEqualTo(1);
  }

  @Test
  void checkQuorumMakesACutOffLeaderStepDown() {
    TestNet net = new TestNet(3);
    net.node(1).campaign();
    net.settle();
    net.isolate(1);
    net.tick(1, 25);
    assertThat(net.node(1).role()).isEqualTo(Role.FOLLOWER);
    assertThat(net.node(1).leader()).isEqualTo(RaftCore.NONE);
  }

  @Test
  void theMajoritySideElectsANewLeaderAndTheOldOneFollowsAfterHealing() {
    TestNet net = new TestNet(3);
    net.node(1).campaign();
    net.settle();
    net.isolate(1);
    net.tickAll(40);
    long newLeader = net.leader();
    assertThat(newLeader).isIn(2L, 3L);
    net.heal();
    net.tickAll(3);
    assertThat(net.node(1).leader()).isEqualTo(newLeader);
    assertThat(net.node(1).term()).isEqualTo(net.node(newLeader).term());
  }

  @Test
  void aFollowerInLeaseIgnoresADisruptiveCandidate() {
    TestNet net = new TestNet(3);
    net.node(1).campaign();
    net.settle();
    net.node(2).step(new RequestVote(3, 2, 9, 100, 9, false, false));
    assertThat(net.node(2).term()).isEqualTo(2);
    assertThat(net.node(2).hasReady()).isFalse();
  }

  @Test
  void aRestartedNodeRemembersItsTermAndVote() {
    TestNet net = new TestNet(3);
    net.node(2).campaign();
    net.settle();
    net.restart(1);
    assertThat(net.node(1).term()).isEqualTo(2);
    assertThat(net.node(1).hardState().vote()).isEqualTo(2);
  }

  @Test
  void twoPreCandidatesAtOnceDoNotSplitTheVote() {
    TestNet net = new TestNet(3);
    net.node(1).campaign();
    net.settle();
    net.isolate(1);
    // both followers time out in the same tick: their pre-votes cross
    net.node(2).campaign();
    net.node(3).campaign();
    net.settle();
    assertThat(net.leader()).isEqualTo(3);
    assertThat(net.node(2).leader()).isEqualTo(3);
    assertThat(net.node(2).term()).isEqualTo(3);
  }
}
