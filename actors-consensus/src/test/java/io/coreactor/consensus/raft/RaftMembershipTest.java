package io.coreactor.consensus.raft;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Single-server membership changes, learners, and leadership transfer. */
class RaftMembershipTest {

  private static TestNet elected(int n) {
    TestNet net = new TestNet(n);
    net.node(1).campaign();
    net.settle();
    net.tickAll(1);
    return net;
  }

  private static void change(TestNet net, long leader, ConfChange.Type type, long node) {
    ProposeResult r = net.node(leader).proposeConfChange(new ConfChange(type, node));
    assertThat(r.accepted()).as("%s %d: %s", type, node, r.reason()).isTrue();
    net.settle();
    net.tickAll(1);
  }

  @Test
  void aLearnerCatchesUpWithoutVotingThenIsPromoted() {
    TestNet net = elected(3);
    net.propose(1, "a");
    net.addBlankNode(4);
    change(net, 1, ConfChange.Type.ADD_LEARNER, 4);
    assertThat(net.node(1).confState().learners()).containsExactly(4L);
    assertThat(net.appliedStrings(4)).containsExactly("a");
    // a learner never campaigns
    net.isolate(1);
    net.isolate(2);
    net.isolate(3);
    net.tick(4, 50);
    assertThat(net.node(4).role()).isEqualTo(Role.FOLLOWER);
    net.heal();
    change(net, 1, ConfChange.Type.ADD_VOTER, 4);
    assertThat(net.node(1).confState().voters()).containsExactly(1L, 2L, 3L, 4L);
    assertThat(net.node(4).confState().voters()).containsExactly(1L, 2L, 3L, 4L);
  }

  @Test
  void onlyOneMembershipChangeAtATime() {
    TestNet net = elected(3);
    net.addBlankNode(4);
    net.addBlankNode(5);
    assertThat(net.node(1).proposeConfChange(new ConfChange(ConfChange.Type.ADD_LEARNER, 4)).accepted()).isTrue();
    ProposeResult second = net.node(1).proposeConfChange(new ConfChange(ConfChange.Type.ADD_LEARNER, 5));
    assertThat(second.accepted()).isFalse();
    assertThat(second.reason()).contains("in progress");
  }

  @Test
  void removingAFollowerShrinksTheQuorum() {
    TestNet net = elected(3);
    change(net, 1, ConfChange.Type.REMOVE, 3);
    net.isolate(3);
    net.isolate(2);
    assertThat(net.node(1).propose("solo?".getBytes()).accepted()).isTrue();
    net.settle();
    assertThat(net.appliedStrings(1)).isEmpty(); // quorum of {1,2} needs node 2
    net.heal();
    net.tickAll(2);
    assertThat(net.appliedStrings(1)).containsExactly("solo?");
    assertThat(net.appliedStrings(3)).isEmpty();
  }

  @Test
  void aLeaderThatRemovesItselfHandsLeadershipOverAndNeverCampaignsAgain() {
    TestNet net = elected(3);
    change(net, 1, ConfChange.Type.REMOVE, 1);
    long leader = net.leader();
    assertThat(leader).isIn(2L, 3L);
    assertThat(net.node(1).role()).isEqualTo(Role.FOLLOWER);
    assertThat(net.node(leader).confState().voters()).containsExactly(2L, 3L);
    assertThat(net.propose(leader, "b").accepted()).isTrue();
    net.tickAll(100);
    assertThat(net.leader()).isEqualTo(leader);
    assertThat(net.node(1).role()).isEqualTo(Role.FOLLOWER);
    assertThat(net.appliedStrings(2)).containsExactly("b");
  }

  @Test
  void aRemovedLeaderKeepsLeadingUntilTheSurvivorKnowsTheRemovalCommitted() {
    // 2 voters -> 1: if the survivor never heard that the removal committed it would still
    // need the removed node's vote; the removed leader must keep it informed.
    TestNet net = elected(2);
    net.dropIf = m -> m.to() == 2 && !(m instanceof RaftMessage.AppendEntries ae && ae.entries().isEmpty());
    assertThat(net.node(1).proposeConfChange(new ConfChange(ConfChange.Type.REMOVE, 1)).accepted()).isTrue();
    net.dropIf = m -> false;
    net.settle();
    net.tickAll(50);
    assertThat(net.leader()).isEqualTo(2);
    assertThat(net.node(2).confState().voters()).containsExactly(2L);
    net.isolate(1); // the removed node is shut down: the survivor alone is a quorum
    assertThat(net.propose(2, "alone").accepted()).isTrue();
    assertThat(net.appliedStrings(2)).containsExactly("alone");
  }

  @Test
  void theLastVoterCannotBeRemoved() {
    TestNet net = elected(1);
    assertThat(net.node(1).proposeConfChange(new ConfChange(ConfChange.Type.REMOVE, 1)).accepted()).isFalse();
  }

  @Test
  void leadershipTransfersToAnUpToDateFollower() {
    TestNet net = elected(3);
    net.propose(1, "a");
    net.node(1).transferLeadership(2);
    net.settle();
    assertThat(net.leader()).isEqualTo(2);
    assertThat(net.node(1).leader()).isEqualTo(2);
    assertThat(net.propose(2, "b").accepted()).isTrue();
    net.tickAll(1);
    assertThat(net.appliedStrings(1)).containsExactly("a", "b");
  }

  @Test
  void transferWaitsForALaggingTargetAndRefusesProposalsMeanwhile() {
    TestNet net = elected(3);
    net.isolate(3);
    net.propose(1, "a");
    net.heal();
    net.node(1).transferLeadership(3);
    assertThat(net.node(1).propose("x".getBytes()).accepted()).isFalse();
    net.settle();
    assertThat(net.leader()).isEqualTo(3);
    assertThat(net.appliedStrings(3)).containsExactly("a");
  }

  @Test
  void aFailedTransferIsAbandonedAfterAnElectionTimeout() {
    TestNet net = elected(3);
    net.isolate(3);
    net.node(1).transferLeadership(3);
    net.tick(1, 12);
    assertThat(net.node(1).role()).isEqualTo(Role.LEADER);
    assertThat(net.node(1).propose("y".getBytes()).accepted()).isTrue();
  }
}
