package io.coreactor.consensus.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.coreactor.consensus.node.RaftNode.Applied;
import io.coreactor.consensus.node.RaftNode.Dropped;
import io.coreactor.consensus.node.RaftNode.ProposeReply;
import io.coreactor.consensus.node.RaftNode.ReadReady;
import io.coreactor.consensus.node.RaftNode.ReadReply;
import io.coreactor.consensus.node.RaftNode.Status;
import io.coreactor.consensus.node.RaftNode.TransferReply;
import io.coreactor.consensus.raft.ConfChange;
import io.coreactor.consensus.raft.Role;
import io.coreactor.consensus.storage.StorageException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One RaftNode in a local ActorSystem: the request protocol, timeouts and storage failures. */
class RaftNodeTest {

  private static final Duration WAIT = Duration.ofSeconds(5);

  private final Map<Path, MemoryRaftStorage> disks = MemoryRaftStorage.disks();
  private ActorTestKit kit;

  private NodeSettings start(String settings) {
    Config config = ConfigFactory.parseString("""
        coreactor.consensus {
          node-id = 1
          name = n1
          data-dir = "/nonexistent/node-1"
          tick-interval = 20ms
          request-timeout = 2s
        }
        """ + settings).withFallback(ConfigFactory.load());
    kit = ActorTestKit.create(config);
    return NodeSettings.fromConfig(config);
  }

  @AfterEach
  void stop() {
    kit.shutdownTestKit();
  }

  private ActorRef<RaftNode.Command> spawn(NodeSettings settings, StateMachine stateMachine, StorageOpener opener) {
    return kit.spawn(RaftNode.create(settings, stateMachine, opener));
  }

  private ProposeReply propose(ActorRef<RaftNode.Command> node, String data) {
    TestProbe<ProposeReply> probe = kit.createTestProbe();
    node.tell(new RaftNode.Propose(data.getBytes(StandardCharsets.UTF_8), probe.ref()));
    return probe.receiveMessage(WAIT);
  }

  private Status status(ActorRef<RaftNode.Command> node) {
    TestProbe<Status> probe = kit.createTestProbe();
    node.tell(new RaftNode.GetStatus(probe.ref()));
    return probe.receiveMessage(WAIT);
  }

  /** A list state machine whose first snapshot fails while being encoded, as one out of heap would. */
  private static final class FirstSnapshotFails implements StateMachine {
    final ListStateMachine list = new ListStateMachine();
    final java.util.concurrent.atomic.AtomicInteger captures = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public Object apply(io.coreactor.consensus.raft.Entry entry) {
      return list.apply(entry);
    }

    @Override
    public byte[] snapshot() {
      return list.snapshot();
    }

    @Override
    public java.util.function.Supplier<io.coreactor.consensus.raft.Snapshot.Data> captureSnapshot() {
      io.coreactor.consensus.raft.Snapshot.Data data = io.coreactor.consensus.raft.Snapshot.Data.of(list.snapshot());
      boolean fail = captures.incrementAndGet() == 1;
      return () -> {
        if (fail) {
          throw new IllegalStateException("injected: the snapshot could not be encoded");
        }
        return data;
      };
    }

    @Override
    public void restore(byte[] data) {
      list.restore(data);
    }
  }

  @Test
  void aSnapshotThatFailsIsRetriedLaterAndTheNodeKeepsServing() {
    NodeSettings settings = start("coreactor.consensus.snapshot-count = 8");
    FirstSnapshotFails stateMachine = new FirstSnapshotFails();
    ActorRef<RaftNode.Command> node = spawn(settings, stateMachine, MemoryRaftStorage.opener(disks));
    // The no-op and 7 entries reach snapshot-count: that first snapshot fails; the node goes on
    // serving, and tries again an eighth of snapshot-count (one entry) later.
    for (int i = 1; i <= 12; i++) {
      assertThat(propose(node, "a" + i)).isInstanceOf(Applied.class);
    }
    TestProbe<Object> poll = kit.createTestProbe();
    poll.awaitAssert(WAIT, () -> assertThat(status(node).snapshotIndex()).isGreaterThanOrEqualTo(9));
    assertThat(stateMachine.captures.get()).isGreaterThanOrEqualTo(2);
    assertThat(stateMachine.list.items()).hasSize(12);
  }

  @Test
  void aSingleNodeGroupServesProposalsReadsSnapshotsAndMembershipChanges() {
    NodeSettings settings = start("coreactor.consensus.snapshot-count = 3");
    ListStateMachine stateMachine = new ListStateMachine();
    ActorRef<RaftNode.Command> node = spawn(settings, stateMachine, MemoryRaftStorage.opener(disks));

    // Sent before the node even finished recovering: stashed, then proposed once it leads.
    assertThat(propose(node, "a")).isInstanceOfSatisfying(Applied.class, a -> assertThat(a.result()).isEqualTo(1L));
    for (String item : List.of("b", "c", "d")) {
      assertThat(propose(node, item)).isInstanceOf(Applied.class);
    }
    TestProbe<ReadReply> reader = kit.createTestProbe();
    node.tell(new RaftNode.Read(reader.ref()));
    assertThat(reader.receiveMessage(WAIT)).isInstanceOf(ReadReady.class);
    assertThat(stateMachine.items()).containsExactly("a", "b", "c", "d");

    Status status = status(node);
    assertThat(status.role()).isEqualTo(Role.LEADER);
    assertThat(status.leader()).isEqualTo(1);
    assertThat(status.applied()).isEqualTo(status.commit());
    kit.createTestProbe().awaitAssert(WAIT, () -> assertThat(status(node).snapshotIndex()).isPositive());

    TestProbe<ProposeReply> changer = kit.createTestProbe();
    node.tell(new RaftNode.ChangeMembership(new ConfChange(ConfChange.Type.ADD_LEARNER, 2), changer.ref()));
    assertThat(changer.receiveMessage(WAIT)).isInstanceOfSatisfying(Applied.class,
        a -> assertThat(a.result()).isEqualTo(new ConfChange(ConfChange.Type.ADD_LEARNER, 2)));
    assertThat(status(node).confState().learners()).containsExactly(2L);

    TestProbe<TransferReply> transfer = kit.createTestProbe();
    node.tell(new RaftNode.TransferLeadership(1, transfer.ref()));
    assertThat(transfer.receiveMessage(WAIT)).isEqualTo(new RaftNode.LeadershipTransferred(1));
  }

  @Test
  void requestsWithoutALeaderTimeOutInsteadOfHanging() {
    NodeSettings settings = start("""
        coreactor.consensus {
          request-timeout = 300ms
          initial-cluster { n1 = "http://127.0.0.1:1", n2 = "http://127.0.0.1:2", n3 = "http://127.0.0.1:3" }
        }
        """);
    ActorRef<RaftNode.Command> node = spawn(settings, new ListStateMachine(), MemoryRaftStorage.opener(disks));

    assertThat(propose(node, "x")).isEqualTo(new Dropped("timeout"));
    TestProbe<ReadReply> reader = kit.createTestProbe();
    node.tell(new RaftNode.Read(reader.ref()));
    assertThat(reader.receiveMessage(WAIT)).isEqualTo(new Dropped("timeout"));
    TestProbe<TransferReply> transfer = kit.createTestProbe();
    node.tell(new RaftNode.TransferLeadership(2, transfer.ref()));
    assertThat(transfer.receiveMessage(WAIT)).isEqualTo(new RaftNode.NotLeader(0));
  }

  @Test
  void aFailedWriteRestartsTheNodeFromWhatWasDurablyStored() {
    NodeSettings settings = start("");
    ListStateMachine stateMachine = new ListStateMachine();
    ActorRef<RaftNode.Command> node = spawn(settings, stateMachine, MemoryRaftStorage.opener(disks));
    assertThat(propose(node, "a")).isInstanceOf(Applied.class);
    assertThat(propose(node, "b")).isInstanceOf(Applied.class);

    disks.get(settings.dataDir()).failNextPersists.set(1);
    assertThat(propose(node, "lost")).isInstanceOf(Dropped.class);

    // Restarted with backoff: recovered from storage, leading again, state machine rebuilt.
    assertThat(propose(node, "c")).isInstanceOf(Applied.class);
    assertThat(stateMachine.items()).containsExactly("a", "b", "c");
    assertThat(stateMachine.restores()).isEqualTo(2);
  }

  @Test
  void aNodeWhoseStorageCannotOpenStops() {
    NodeSettings settings = start("");
    CountDownLatch proposed = new CountDownLatch(1);
    ActorRef<RaftNode.Command> node = spawn(settings, new ListStateMachine(), (dir, id) -> {
      await(proposed);
      throw new StorageException("locked by another process: " + dir);
    });
    TestProbe<ProposeReply> proposer = kit.createTestProbe();
    node.tell(new RaftNode.Propose(new byte[] {1}, proposer.ref()));
    proposed.countDown();
    proposer.expectTerminated(node, WAIT);
    assertThat(proposer.receiveMessage(WAIT)).isInstanceOf(Dropped.class);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
