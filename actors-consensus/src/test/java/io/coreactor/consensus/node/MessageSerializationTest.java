package io.coreactor.consensus.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.coreactor.consensus.CborSerializable;
import io.coreactor.consensus.node.RaftNode.Applied;
import io.coreactor.consensus.raft.ConfChange;
import io.coreactor.consensus.raft.ConfState;
import io.coreactor.consensus.raft.Entry;
import io.coreactor.consensus.raft.RaftMessage;
import io.coreactor.consensus.raft.RaftMessage.AppendEntries;
import io.coreactor.consensus.raft.RaftMessage.AppendEntriesResponse;
import io.coreactor.consensus.raft.RaftMessage.Heartbeat;
import io.coreactor.consensus.raft.RaftMessage.HeartbeatResponse;
import io.coreactor.consensus.raft.RaftMessage.InstallSnapshot;
import io.coreactor.consensus.raft.RaftMessage.InstallSnapshotResponse;
import io.coreactor.consensus.raft.RaftMessage.ReadIndexRequest;
import io.coreactor.consensus.raft.RaftMessage.ReadIndexResponse;
import io.coreactor.consensus.raft.RaftMessage.RequestVote;
import io.coreactor.consensus.raft.RaftMessage.RequestVoteResponse;
import io.coreactor.consensus.raft.RaftMessage.TimeoutNow;
import io.coreactor.consensus.raft.Role;
import io.coreactor.consensus.raft.SnapshotMeta;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every message that crosses JVMs goes through its configured serializer (RaftWireSerializer
 * for the hot ones, jackson-cbor for the rest) and comes back equal.
 */
class MessageSerializationTest {

  /** The classes reference.conf binds to RaftWireSerializer. */
  static final Set<Class<?>> ON_RAFT_WIRE = Set.of(RaftNode.Inbound.class, RaftNode.Forwarded.class,
      RaftNode.ForwardedBatch.class, RaftNode.ForwardedReplies.class, RaftNode.Applied.class, RaftNode.NotLeader.class, RaftNode.Dropped.class, RaftNode.ReadReady.class,
      RaftNode.LeadershipTransferred.class);

  /** A state machine result of the application's own type. */
  record Appended(long size, String hash) implements CborSerializable {}

  private static ActorTestKit kit;
  private static Serialization serialization;

  @BeforeAll
  static void start() {
    kit = ActorTestKit.create();
    serialization = SerializationExtension.get(Adapter.toClassic(kit.system()));
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  private static final ConfState CONF = new ConfState(new TreeSet<>(List.of(1L, 2L, 3L)), new TreeSet<>(List.of(4L)));
  private static final byte[] DATA = "payload".getBytes(StandardCharsets.UTF_8);

  static List<RaftMessage> everyRaftMessage() {
    List<Entry> entries = List.of(
        new Entry(7, 2, Entry.Type.NORMAL, new byte[0]),
        Entry.normal(8, 2, DATA),
        new Entry(9, 2, Entry.Type.CONF_CHANGE, new ConfChange(ConfChange.Type.ADD_LEARNER, 4).encode()));
    return List.of(
        new RequestVote(1, 2, 3, 10, 2, true, false),
        new RequestVoteResponse(2, 1, 3, true, true, 7, 2),
        new AppendEntries(1, 2, 3, 6, 2, entries, 8),
        new AppendEntries(1, 2, 3, 9, 2, List.of(), 9),
        new AppendEntriesResponse(2, 1, 3, false, 0, 6, 5, 1),
        new Heartbeat(1, 2, 3, 8, 42),
        new HeartbeatResponse(2, 1, 3, 42),
        new InstallSnapshot(1, 3, 3, new SnapshotMeta(100, 2, CONF), 64, DATA, true),
        new InstallSnapshotResponse(3, 1, 3, 100, 71, true, 100),
        new ReadIndexRequest(2, 1, 3, 99),
        new ReadIndexResponse(1, 2, 3, 99, 8),
        new TimeoutNow(1, 2, 3));
  }

  @Test
  void everyRaftMessageTypeRoundTrips() {
    List<RaftMessage> messages = everyRaftMessage();
    Set<Class<?>> covered = messages.stream().map(Object::getClass).collect(Collectors.toSet());
    assertThat(covered).containsExactlyInAnyOrder(RaftMessage.class.getPermittedSubclasses());
    messages.forEach(m -> assertRoundTrip(new RaftNode.Inbound(m)));
  }

  @Test
  void theNodeProtocolAndItsRepliesRoundTrip() {
    ActorRef<RaftNode.ProposeReply> proposer = kit.createTestProbe(RaftNode.ProposeReply.class).ref();
    Stream.of(
        new RaftNode.Propose(DATA, proposer),
        new RaftNode.ChangeMembership(new ConfChange(ConfChange.Type.REMOVE, 3), proposer),
        new RaftNode.Forwarded(DATA, false, proposer),
        new RaftNode.ForwardedBatch(List.of(new RaftNode.Forwarded(DATA, false, null)), 7,
            kit.createTestProbe(RaftNode.Command.class).ref()),
        new RaftNode.ForwardedReplies(List.of(new RaftNode.ForwardedReply(7, new Applied(8, null)))),
        new RaftNode.Read(kit.createTestProbe(RaftNode.ReadReply.class).ref()),
        new RaftNode.GetStatus(kit.createTestProbe(RaftNode.Status.class).ref()),
        new RaftNode.TransferLeadership(2, kit.createTestProbe(RaftNode.TransferReply.class).ref()),
        new Applied(8, 3L),
        new Applied(8, "ok"),
        new Applied(8, null),
        new Applied(9, new ConfChange(ConfChange.Type.ADD_VOTER, 4)),
        new Applied(8, new Appended(3, "abc")),
        new RaftNode.ReadReady(8),
        new RaftNode.LeadershipTransferred(2),
        new RaftNode.NotLeader(2),
        new RaftNode.Dropped("timeout"),
        new RaftNode.Status(1, 3, 1, Role.LEADER, 8, 7, 9, 5, 1, CONF)
    ).forEach(MessageSerializationTest::assertRoundTrip);
  }

  private static void assertRoundTrip(Object message) {
    Serializer serializer = serialization.findSerializerFor(message);
    assertThat(serializer.getClass().getSimpleName()).as("serializer of %s", message)
        .isEqualTo(ON_RAFT_WIRE.contains(message.getClass()) ? "RaftWireSerializer" : "JacksonCborSerializer");
    byte[] bytes = serialization.serialize(message).get();
    Object back = serialization.deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, message))
        .get();
    assertThat(deepEquals(back, message)).as("%s came back as %s", message, back).isTrue();
  }

  /** Record equality that compares byte arrays by content (records compare them by identity). */
  static boolean deepEquals(Object a, Object b) {
    if (a instanceof byte[] x && b instanceof byte[] y) {
      return Arrays.equals(x, y);
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      return x.size() == y.size() && java.util.stream.IntStream.range(0, x.size())
          .allMatch(i -> deepEquals(x.get(i), y.get(i)));
    }
    if (a != null && b != null && a.getClass().isRecord() && a.getClass() == b.getClass()) {
      for (RecordComponent c : a.getClass().getRecordComponents()) {
        try {
          if (!deepEquals(c.getAccessor().invoke(a), c.getAccessor().invoke(b))) {
            return false;
          }
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
      }
      return true;
    }
    return Objects.equals(a, b);
  }
}
