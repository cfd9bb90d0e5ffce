package io.coreactor.consensus.raft.sim;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coreactor.consensus.raft.ConfChange;
import io.coreactor.consensus.raft.ConfState;
import io.coreactor.consensus.raft.Entry;
import io.coreactor.consensus.raft.HardState;
import io.coreactor.consensus.raft.PersistentState;
import io.coreactor.consensus.raft.ReadState;
import io.coreactor.consensus.raft.Role;
import io.coreactor.consensus.raft.SnapshotMeta;
import io.coreactor.consensus.storage.MemoryRaftStorage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checker must fail on fabricated histories that break each rule: a checker that cannot fail is a defect. */
class SafetyCheckerTest {

  private static final ConfState THREE = ConfState.ofVoters(List.of(1L, 2L, 3L));
  private static final ConfState ONE = ConfState.ofVoters(List.of(1L));

  private final SafetyChecker checker = new SafetyChecker(THREE);

  private static Entry e(long index, long term, String data) {
    return Entry.normal(index, term, data.getBytes());
  }

  private static MemoryRaftStorage log(Entry... entries) {
    MemoryRaftStorage log = MemoryRaftStorage.of(PersistentState.bootstrap(THREE));
    log.append(List.of(entries));
    return log;
  }

  /** Applies {@code entries} on {@code node} with a real state machine, reporting each step. */
  private void apply(long node, Entry... entries) {
    SimStateMachine sm = new SimStateMachine();
    for (Entry x : entries) {
      sm.apply(node, x);
      checker.observeApplied(node, x, sm.hash());
    }
  }

  @Test
  void aConsistentHistoryPasses() {
    assertThatCode(() -> {
      checker.observeRole(1, 1, Role.LEADER, ONE);
      checker.observeRole(1, 1, Role.LEADER, ONE);
      checker.observeRole(2, 2, Role.LEADER, ConfState.ofVoters(List.of(2L)));
      checker.observeRole(3, 2, Role.FOLLOWER, ONE);
      MemoryRaftStorage a = log(e(1, 1, "a"), e(2, 2, "b"));
      checker.observeLogEntries(1, a.entries(1, 3), a);
      checker.observeLogEntries(2, a.entries(1, 3), log(e(1, 1, "a"), e(2, 2, "b")));
      checker.observeCommit(1, 2, 2);
      apply(1, e(1, 1, "a"), e(2, 2, "b"));
      apply(2, e(1, 1, "a"));
      checker.observeLeaderLog(3, 3, log(e(1, 1, "a"), e(2, 2, "b"), e(3, 3, "")));
      checker.nodeStarted(1, 0);
      checker.observeCommit(1, 1, 2);
      checker.observeHardState(1, new HardState(2, 2, 1), new HardState(3, 0, 2));
      checker.readRequested(2, 7);
      checker.readReleased(2, new ReadState(2, 7));
    }).doesNotThrowAnyException();
  }

  @Test
  void twoLeadersInOneTermBreakElectionSafety() {
    checker.observeRole(1, 4, Role.LEADER, ONE);
    assertThatThrownBy(() -> checker.observeRole(2, 4, Role.LEADER, ONE))
        .isInstanceOf(SimulationFailure.class).hasMessageStartingWith("election safety");
  }

  @Test
  void aLeaderWithoutAQuorumOfVotesIsCaught() {
    checker.voteDelivered(2, 3, 3);
    assertThatCode(() -> checker.observeRole(2, 3, Role.LEADER, THREE)).doesNotThrowAnyException();
    checker.voteDelivered(4, 5, 2);
    assertThatThrownBy(() -> checker.observeRole(4, 5, Role.LEADER, ConfState.ofVoters(List.of(2L, 3L, 5L))))
        .isInstanceOf(SimulationFailure.class).hasMessageStartingWith("election");
    assertThatThrownBy(() -> checker.observeRole(4, 6, Role.LEADER, ConfState.ofVoters(List.of(2L))))
        .isInstanceOf(SimulationFailure.class).hasMessageStartingWith("election");
  }

  @Test
  void aDivergingAppliedSequenceBreaksStateMachineSafety() {
    apply(1, e(1, 1, "a"), e(2, 1, "b"));
    assertThatThrownBy(() -> apply(2, e(1, 1, "a"), e(2, 1, "c")))
        .isInstanceOf(SimulationFailure.class).hasMessageStartingWith("state machine safety");
  }

  @Test
  void aSkippedEntryShowsInTheStateHash() {
    apply(1, e(1, 1, "a"), e(2, 1, "b"));
    SimStateMachine sm = new SimStateMachine();
    sm.apply(2, e(1, 1, "x"));
    assertThatThrownBy(() -> checker.observeApplied(2, e(1, 1, "a"), sm.hash()))
        .isInstanceOf(SimulationFailure.class).hasMessageStartingWith("state machine safety");
  }

  @Test
  void sameIndexAndTermWithDifferentEntriesBreaksLogMatching() {
    MemoryRaftStorage a = log(e(1, 1, "a"), e(2, 1, "b"));
    checker.observeLogEntries(1, a.entries(1, 3), a);
    MemoryRaftStorage b = log(e(1, 1, "a"), e(2, 1, "c"));
    assertThatThrownBy(() -> checker.observeLogEntries(2, b.entries(2, 3), b))
        .isInstanceOf(SimulationFailure.class).hasMessageStartingWith("log matching");
  }

  @Test
  void aMatchingEntryOverADifferentPrefixBreaksLogMatching() {
    MemoryRaftStorage a = log(e(1, 1, "a"), e(2, 2, "b"));
    checker.observeLogEntries(1, a.entries(2, 3), a);
    MemoryRaftStorage b = log(e(1, 2, "z"), e(2, 2, "b"));
    assertThatThrownBy(() -> checker.observeLogEntries(2, b.entries(2, 3), b))
        .isInstanceOf(SimulationFailure.class).hasMessageStartingWith("log matching");
  }

  @Test
  void aLeaderWithoutACommittedEntryBreaksLeaderCompleteness() {
    checker.observeCommit(1, 2, 1);
    apply(1, e(1, 1, "a"), e(2, 1, "b"));
    assertThatThrownBy(() -> checker.observeLeaderLog(2, 2, log(e(1, 1, "a"), e(2, 2, ""))))
        .isInstanceOf(SimulationFailure.class).hasMessageStartingWith("leader completeness");
  }

  @Test
  void anEntryCommittedInTheLeadersOwnTermOrLaterIsNotRequired() {
    checker.observeCommit(1, 1, 5);
    apply(1, e(1, 5, "a"));
    assertThatCode(() -> checker.observeLeaderLog(2, 4, log(e(1, 4, "x"))))
        .doesNotThrowAnyException();
  }

  @Test
  void aCommitIndexGoingBackBreaksCommitMonotonicity() {
    checker.observeCommit(1, 5, 1);
    assertThatThrownBy(() -> checker.observeCommit(1, 4, 1))
        .isInstanceOf(SimulationFailure.class).hasMessageStartingWith("commit monotonicity");
    assertThatThrownBy(() -> checker.observeHardState(1, new HardState(1, 1, 5), new HardState(1, 1, 4)))
        .isInstanceOf(SimulationFailure.class).hasMessageStartingWith("commit monotonicity");
  }

  @Test
  void twoVotesInOneTermBreakVoteSafety() {
    assertThatThrownBy(() -> checker.observeHardState(1, new HardState(3, 2, 0), new HardState(3, 3, 0)))
        .isInstanceOf(SimulationFailure.class).hasMessageStartingWith("vote safety");
  }

  @Test
  void aReadReleasedBelowAnAcknowledgedWriteIsNotLinearizable() {
    checker.observeCommit(1, 3, 1);
    checker.acknowledged(3);
    checker.readRequested(2, 9);
    assertThatThrownBy(() -> checker.readReleased(2, new ReadState(2, 9)))
        .isInstanceOf(SimulationFailure.class).hasMessageStartingWith("linearizable read");
    assertThatThrownBy(() -> checker.readReleased(3, new ReadState(5, 9)))
        .isInstanceOf(SimulationFailure.class).hasMessageStartingWith("read index");
  }

  @Test
  void aNodeUsingAnUncommittedConfigurationIsCaught() {
    Entry add = new Entry(4, 1, Entry.Type.CONF_CHANGE, new ConfChange(ConfChange.Type.ADD_LEARNER, 4).encode());
    apply(1, e(1, 1, "f1"), e(2, 1, "f2"), e(3, 1, "f3"), add, e(5, 1, "a"));
    ConfState withLearner = THREE.apply(ConfChange.decode(add.data()));
    assertThatCode(() -> checker.observeConf(2, withLearner, 5, 5)).doesNotThrowAnyException();
    assertThatCode(() -> checker.observeConf(2, THREE, 3, 5)).doesNotThrowAnyException();
    assertThatThrownBy(() -> checker.observeConf(4, ConfState.ofVoters(List.of(4L)), 5, 5))
        .isInstanceOf(SimulationFailure.class).hasMessageStartingWith("configuration");
    assertThatThrownBy(() -> checker.observeSnapshotMeta(4, new SnapshotMeta(5, 1, THREE)))
        .isInstanceOf(SimulationFailure.class).hasMessageStartingWith("snapshot metadata");
  }

  @Test
  void aSnapshotWhoseStateNobodyHadIsCaught() {
    apply(1, e(1, 1, "a"));
    assertThatThrownBy(() -> checker.observeRestore(2, 1, 12345))
        .isInstanceOf(SimulationFailure.class).hasMessageStartingWith("state machine safety");
  }

  @Test
  void theStateMachineRefusesGapsAndRepeats() {
    SimStateMachine sm = new SimStateMachine();
    sm.apply(1, e(1, 1, "a"));
    assertThatThrownBy(() -> sm.apply(1, e(1, 1, "a"))).hasMessageStartingWith("apply order");
    assertThatThrownBy(() -> sm.apply(1, e(3, 1, "c"))).hasMessageStartingWith("apply order");
    SimStateMachine copy = SimStateMachine.restore(sm.serialize());
    assertThatCode(() -> checker.observeApplied(1, e(1, 1, "a"), copy.hash())).doesNotThrowAnyException();
  }
}
