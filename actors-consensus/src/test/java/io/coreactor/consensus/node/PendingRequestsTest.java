package io.coreactor.consensus.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.coreactor.consensus.node.RaftNode.Dropped;
import io.coreactor.consensus.node.RaftNode.ProposeReply;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Requests forwarded to a leader that is then lost are answered at once, not at their timeout. */
class PendingRequestsTest {

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

  private final PendingRequests pending = new PendingRequests(Duration.ofSeconds(30), 1);

  @Test
  void requestsForwardedSinceTheLeaderWasLastHeardFromAreAnsweredWhenItIsLost() {
    TestProbe<ProposeReply> early = kit.createTestProbe();
    TestProbe<ProposeReply> middle = kit.createTestProbe();
    TestProbe<ProposeReply> late = kit.createTestProbe();
    pending.forwarded(2, early.ref());
    pending.heardFromLeader();
    pending.forwarded(2, middle.ref());
    pending.heardFromLeader();   // early was forwarded two of the leader's messages ago: answered by now
    pending.forwarded(2, late.ref());

    pending.leaderLost(2);

    assertThat(middle.receiveMessage()).isEqualTo(new Dropped(RaftNode.LEADER_LOST));
    assertThat(late.receiveMessage()).isEqualTo(new Dropped(RaftNode.LEADER_LOST));
    early.expectNoMessage(QUIET);
  }

  @Test
  void onlyRequestsToTheLostLeaderAreAnsweredAndOnlyOnce() {
    TestProbe<ProposeReply> toOld = kit.createTestProbe();
    TestProbe<ProposeReply> toOther = kit.createTestProbe();
    pending.forwarded(2, toOld.ref());
    pending.forwarded(3, toOther.ref());

    pending.leaderLost(2);
    pending.leaderLost(3);   // forgotten with the first loss: each request is answered at most once here

    assertThat(toOld.receiveMessage()).isEqualTo(new Dropped(RaftNode.LEADER_LOST));
    toOther.expectNoMessage(QUIET);
  }
}
