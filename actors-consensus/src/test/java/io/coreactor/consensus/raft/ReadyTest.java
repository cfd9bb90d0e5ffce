package io.coreactor.consensus.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.coreactor.consensus.raft.RaftMessage.AppendEntries;
import io.coreactor.consensus.raft.RaftMessage.AppendEntriesResponse;
import io.coreactor.consensus.raft.RaftMessage.Heartbeat;
import io.coreactor.consensus.raft.RaftMessage.RequestVoteResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which of a Ready's messages may go out before it is persisted. */
class ReadyTest {

  private static final Entry E = Entry.normal(5, 2, new byte[] {1});
  private static final AppendEntries APPEND = new AppendEntries(1, 2, 2, 4, 2, List.of(E), 3);
  private static final Heartbeat BEAT = new Heartbeat(1, 3, 2, 3, 0);
  private static final AppendEntriesResponse ACK = new AppendEntriesResponse(1, 2, 2, true, 5, 0, 0, 0);
  private static final RequestVoteResponse VOTE = new RequestVoteResponse(1, 3, 2, true, false, 3, 2);

  private static Ready ready(boolean termDurable, RaftMessage... messages) {
    return new Ready(null, new HardState(2, 1, 3), null, List.of(E), List.of(messages), List.of(), List.of(),
        true, termDurable);
  }

  @Test
  void aLeadersReplicationGoesFirstAndEverythingElseWaitsForTheWrite() {
    Ready r = ready(true, APPEND, ACK, BEAT, VOTE);
    assertThat(r.sendableBeforePersist()).containsExactly(APPEND, BEAT);
    assertThat(r.sendAfterPersist()).containsExactly(ACK, VOTE);
  }

  @Test
  void nothingGoesFirstWhileTheTermOrVoteIsBeingWritten() {
    Ready r = ready(false, APPEND, VOTE);
    assertThat(r.sendableBeforePersist()).isEmpty();
    assertThat(r.sendAfterPersist()).containsExactly(APPEND, VOTE);
  }

  @Test
  void theCoreMarksATermChangeAsNotDurable() {
    // A single voter leads at once, in a term not yet written: the case that must not send early.
    RaftCore core = new RaftCore(RaftConfig.defaults(1),
        PersistentState.bootstrap(ConfState.ofVoters(List.of(1L))), new java.util.Random(7));
    core.campaign();
    Ready first = core.ready();
    assertThat(core.role()).isEqualTo(Role.LEADER);
    assertThat(first.termDurable()).isFalse();
    core.advance(first);
    core.propose(new byte[] {1});
    assertThat(core.ready().termDurable()).isTrue();
  }
}
