package io.coreactor.consensus.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.coreactor.consensus.node.RaftNode.Applied;
import io.coreactor.consensus.node.RaftNode.Dropped;
import io.coreactor.consensus.node.RaftNode.Forwarded;
import io.coreactor.consensus.node.RaftNode.ForwardedBatch;
import io.coreactor.consensus.node.RaftNode.ForwardedReply;
import io.coreactor.consensus.node.RaftNode.ProposeReply;
import io.coreactor.consensus.raft.RaftCore;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A follower's forwarded requests: batched per round, answered by tag, answered at once when
 * the leader they went to is lost, taken back when they never left.
 */
class ForwardingTest {

  private static final Duration QUIET = Duration.ofMillis(100);
  private static ActorTestKit kit;

  @BeforeAll
  static void start() {
    kit = ActorTestKit.create();
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  private final Forwarding forwarding = new Forwarding(Duration.ofSeconds(30), 100);
  private final TestProbe<RaftNode.Command> self = kit.createTestProbe();

  private static Forwarded request(TestProbe<ProposeReply> proposer, int b) {
    return new Forwarded(new byte[] {(byte) b}, false, proposer.ref());
  }

  @Test
  void requestsQueuedInOneRoundLeaveAsOneBatchAndAreAnsweredByTag() {
    TestProbe<ProposeReply> a = kit.createTestProbe();
    TestProbe<ProposeReply> b = kit.createTestProbe();
    assertThat(forwarding.add(2, request(a, 1))).isTrue();    // the first: the caller schedules the flush
    assertThat(forwarding.add(2, request(b, 2))).isFalse();
    assertThat(forwarding.outboxLeader()).isEqualTo(2);

    ForwardedBatch batch = forwarding.take(self.ref());
    assertThat(batch.requests()).extracting(r -> r.data()[0]).containsExactly((byte) 1, (byte) 2);
    assertThat(batch.requests()).allMatch(r -> r.replyTo() == null);   // proposers' refs stay here
    assertThat(batch.follower()).isEqualTo(self.ref());
    assertThat(forwarding.outboxLeader()).isEqualTo(RaftCore.NONE);
    assertThat(forwarding.take(self.ref())).isNull();

    forwarding.answered(List.of(new ForwardedReply(batch.firstTag() + 1, new Applied(9, null)),
        new ForwardedReply(batch.firstTag(), new Applied(8, null))));
    assertThat(a.receiveMessage()).isEqualTo(new Applied(8, null));
    assertThat(b.receiveMessage()).isEqualTo(new Applied(9, null));

    forwarding.answered(List.of(new ForwardedReply(batch.firstTag(), new Applied(8, null))));   // a duplicate
    a.expectNoMessage(QUIET);
  }

  @Test
  void requestsSentToALostLeaderAreAnsweredOnceAtOnceAndOthersAreNot() {
    TestProbe<ProposeReply> toOld = kit.createTestProbe();
    TestProbe<ProposeReply> answered = kit.createTestProbe();
    TestProbe<ProposeReply> toOther = kit.createTestProbe();
    forwarding.add(2, request(toOld, 1));
    forwarding.add(2, request(answered, 2));
    ForwardedBatch first = forwarding.take(self.ref());
    forwarding.answered(List.of(new ForwardedReply(first.firstTag() + 1, new Applied(5, null))));
    forwarding.add(3, request(toOther, 3));
    forwarding.take(self.ref());

    forwarding.leaderLost(2);
    forwarding.leaderLost(2);

    assertThat(answered.receiveMessage()).isEqualTo(new Applied(5, null));
    assertThat(toOld.receiveMessage()).isEqualTo(new Dropped(RaftNode.LEADER_LOST));
    toOld.expectNoMessage(QUIET);
    toOther.expectNoMessage(QUIET);
  }

  @Test
  void requestsThatNeverLeftAreTakenBackWithTheirProposersAndNotAnsweredHere() {
    TestProbe<ProposeReply> proposer = kit.createTestProbe();
    Forwarded queued = request(proposer, 1);
    forwarding.add(2, queued);

    assertThat(forwarding.reclaim()).containsExactly(queued);
    assertThat(forwarding.take(self.ref())).isNull();
    forwarding.leaderLost(2);
    forwarding.dropAll("stopped");
    proposer.expectNoMessage(QUIET);
  }

  @Test
  void requestsPastTheirDeadlineAreAnsweredTimeout() {
    Forwarding quick = new Forwarding(Duration.ZERO, 1);
    TestProbe<ProposeReply> proposer = kit.createTestProbe();
    quick.add(2, request(proposer, 1));
    quick.take(self.ref());

    quick.expire();

    assertThat(proposer.receiveMessage()).isEqualTo(new Dropped("timeout"));
  }
}
