package io.coreactor.consensus.raft.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.coreactor.consensus.raft.ConfChange;
import io.coreactor.consensus.raft.ConfState;
import io.coreactor.consensus.raft.Entry;
import io.coreactor.consensus.raft.PersistentState;
import io.coreactor.consensus.raft.RaftConfig;
import io.coreactor.consensus.raft.RaftCore;
import io.coreactor.consensus.raft.RaftMessage;
import io.coreactor.consensus.raft.RaftMessage.AppendEntries;
import io.coreactor.consensus.raft.RaftMessage.TimeoutNow;
import io.coreactor.consensus.raft.Ready;
import io.coreactor.consensus.raft.Role;
import io.coreactor.consensus.storage.MemoryRaftStorage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Two core bugs the simulation found, each reduced by hand from a simulation trace to a few
 * deterministic steps on two nodes, kept as regression tests (seeds 6179371407623397203 and
 * 7086451850613990431 of the simulator at a362b45 found them).
 */
class MembershipRegressionTest {

  private final Map<Long, RaftCore> nodes = new TreeMap<>();
  private final Map<Long, MemoryRaftStorage> disks = new TreeMap<>();
  private final List<RaftMessage> inFlight = new ArrayList<>();

  /** A node must not win with its own stale vote after it applied its own removal. */
  @Test
  void aNodeRemovedDuringItsTransferElectionDoesNotWinOnItsOwnStaleVote() {
    twoVotersLedBy1();
    nodes.get(1L).proposeConfChange(new ConfChange(ConfChange.Type.REMOVE, 2));
    nodes.get(1L).transferLeadership(2);
    readyAll();
    deliverHeld(m -> m.to() == 2); // 2 appends "REMOVE 2" and acknowledges it
    deliverHeld(m -> m.to() == 1); // 1 commits it and, 2 being caught up, sends TimeoutNow in the same Ready
    // 1 applied "REMOVE 2" and is the only voter; it commits one more entry on its own.
    nodes.get(1L).propose(new byte[] {42});
    readyAll();
    long committedOn1 = nodes.get(1L).commitIndex();
    // The leader no longer hands leadership to a node it is removing...
    assertThat(inFlight).noneMatch(m -> m instanceof TimeoutNow);
    // ...but should a TimeoutNow reach 2 after it heard the commit and before its next Ready
    // (where the removal takes effect on 2), it campaigns, and must not win.
    long termBefore = nodes.get(1L).term();
    inFlight.add(new TimeoutNow(1, 2, termBefore));
    deliverHeld(m -> m.to() == 2 && !(m instanceof TimeoutNow), m -> m instanceof TimeoutNow);
    assertThat(nodes.get(2L).term()).as("node 2 campaigned").isGreaterThan(termBefore);
    // applying its removal in that Ready, it gave up the campaign
    assertThat(nodes.get(2L).role()).isEqualTo(Role.FOLLOWER);
    pump(); // 1 refuses: 2's log lacks the entry 1 committed
    assertThat(nodes.get(2L).role())
        .as("node 2 (configuration %s) leads term %d without 1's vote; 1 committed index %d in term %d, "
            + "2 has term %d there", nodes.get(2L).confState(), nodes.get(2L).term(), committedOn1,
            nodes.get(1L).termAt(committedOn1), nodes.get(2L).termAt(committedOn1))
        .isNotEqualTo(Role.LEADER);
  }

  /** {1, 2} minus the leader 1, which crashes before 2 hears the commit: 2 must still get elected. */
  @Test
  void aTwoVoterClusterThatRemovedItsLeaderElectsTheSurvivorAfterTheLeaderCrashed() {
    twoVotersLedBy1();
    nodes.get(1L).proposeConfChange(new ConfChange(ConfChange.Type.REMOVE, 1));
    readyAll(); // AppendEntries [REMOVE 1] to 2, held
    nodes.get(1L).propose(new byte[] {42}); // appended after it; never reaches 2
    readyAll();
    deliverHeld(m -> m instanceof AppendEntries ae && !ae.entries().isEmpty()
        && ae.entries().get(0).type() == Entry.Type.CONF_CHANGE);
    deliverHeld(m -> m.from() == 2); // 1 commits and applies its removal; what it sends to 2 now is lost
    inFlight.clear();
    restart(1); // 1 crashes and comes back: committed "REMOVE 1", so it never campaigns again
    for (int tick = 0; tick < 200 && leader() == 0; tick++) {
      nodes.values().forEach(RaftCore::tick);
      pump();
    }
    assertThat(leader())
        .as("no leader: 2 (configuration %s, commit %d) needs 1's vote, 1 (%s, last index %d) refuses it",
            nodes.get(2L).confState(), nodes.get(2L).commitIndex(), nodes.get(1L).confState(),
            nodes.get(1L).lastIndex())
        .isEqualTo(2);
  }

  // ---- a two-node harness: each node persists its Readies to a MemoryRaftStorage ----

  private void twoVotersLedBy1() {
    ConfState conf = ConfState.ofVoters(List.of(1L, 2L));
    for (long id = 1; id <= 2; id++) {
      MemoryRaftStorage disk = new MemoryRaftStorage();
      disk.bootstrap(conf);
      disks.put(id, disk);
      restart(id);
    }
    nodes.get(1L).campaign();
    pump();
    assertThat(nodes.get(1L).role()).isEqualTo(Role.LEADER);
  }

  private void restart(long id) {
    PersistentState state = disks.get(id).load();
    nodes.put(id, new RaftCore(RaftConfig.defaults(id), state, new Random(id)));
  }

  /** Runs every node's Ready loop once: persist, hold the messages, advance. */
  private void readyAll() {
    for (Map.Entry<Long, RaftCore> e : nodes.entrySet()) {
      RaftCore n = e.getValue();
      while (n.hasReady()) {
        Ready rd = n.ready();
        disks.get(e.getKey()).persist(rd.snapshot(), rd.entries(), rd.hardState());
        inFlight.addAll(rd.messages());
        n.advance(rd);
      }
    }
  }

  /** Delivers the held messages matching each filter in turn, then runs the Ready loops; the others stay held. */
  @SafeVarargs
  private void deliverHeld(Predicate<RaftMessage>... batches) {
    for (Predicate<RaftMessage> which : batches) {
      List<RaftMessage> now = new ArrayList<>();
      inFlight.removeIf(m -> which.test(m) && now.add(m));
      now.forEach(m -> nodes.get(m.to()).step(m));
    }
    readyAll();
  }

  /** Delivers everything until quiet. */
  private void pump() {
    readyAll();
    for (int round = 0; round < 100 && !inFlight.isEmpty(); round++) {
      deliverHeld(m -> true);
    }
  }

  private long leader() {
    return nodes.values().stream().filter(n -> n.role() == Role.LEADER).mapToLong(RaftCore::id).findFirst().orElse(0);
  }
}
