package io.coreactor.consensus.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coreactor.consensus.node.MessageSerializationTest.Appended;
import io.coreactor.consensus.node.RaftNode.Applied;
import io.coreactor.consensus.node.RaftNode.Forwarded;
import io.coreactor.consensus.node.RaftNode.ForwardedBatch;
import io.coreactor.consensus.node.RaftNode.ForwardedReplies;
import io.coreactor.consensus.node.RaftNode.ForwardedReply;
import io.coreactor.consensus.node.RaftNode.Inbound;
import io.coreactor.consensus.node.RaftNode.ProposeReply;
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
import io.coreactor.consensus.raft.SnapshotMeta;
import java.io.NotSerializableException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.event.Logging;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** RaftWireSerializer: edge values, large entries, actor refs, delegated results, corrupt input. */
class RaftWireSerializerTest {

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

  private static final long[] EDGES = {0, -1, 1, Long.MAX_VALUE, Long.MIN_VALUE, 63, 64, -64, -65};

  @Test
  void pekkoPicksThisSerializerForTheBoundClassesWithoutAnAmbiguityWarning() {
    ActorTestKit fresh = ActorTestKit.create();
    try {
      var classic = Adapter.toClassic(fresh.system());
      TestProbe<Logging.Warning> warnings = fresh.createTestProbe(Logging.Warning.class);
      classic.eventStream().subscribe(Adapter.toClassic(warnings.ref()), Logging.Warning.class);
      Serialization fresher = SerializationExtension.get(classic);
      Stream.of(new Inbound(new TimeoutNow(1, 2, 3)), new Forwarded(new byte[1], false, null), new Applied(1, null),
              new RaftNode.NotLeader(1), new RaftNode.Dropped("x"), new RaftNode.ReadReady(1),
              new RaftNode.LeadershipTransferred(1), new ForwardedReplies(List.of()))
          .forEach(m -> assertThat(fresher.findSerializerFor(m)).as("serializer of %s", m)
              .isInstanceOf(RaftWireSerializer.class));
      assertThat(fresher.findSerializerFor(new RaftNode.Read(null)).getClass().getSimpleName())
          .isEqualTo("JacksonCborSerializer");
      // Warnings reach the probe in the order they were published: the first must be this marker.
      Logging.getLogger(classic, "RaftWireSerializerTest").warning("marker");
      assertThat(warnings.receiveMessage().message()).isEqualTo("marker");
      assertThat(RaftWireSerializer.IDENTIFIER).isGreaterThan(40);
      assertThat(fresher.serializerByIdentity().get(RaftWireSerializer.IDENTIFIER).get())
          .isInstanceOf(RaftWireSerializer.class);
    } finally {
      fresh.shutdownTestKit();
    }
  }

  @Test
  void everyRaftMessageRoundTripsWithEdgeValues() {
    List<RaftMessage> messages = new ArrayList<>(MessageSerializationTest.everyRaftMessage());
    for (long v : EDGES) {
      messages.addAll(withEveryField(v, v == 0 || v == 1));
    }
    messages.forEach(m -> assertRoundTrip(new Inbound(m)));
  }

  @Test
  void randomRaftMessagesRoundTrip() {
    long seed = System.nanoTime();
    System.out.println("RaftWireSerializerTest.randomRaftMessagesRoundTrip seed " + seed);
    Random random = new Random(seed);
    for (int i = 0; i < 300; i++) {
      long v = switch (random.nextInt(3)) {
        case 0 -> random.nextLong();
        case 1 -> random.nextInt(1000) - 10;
        default -> random.nextLong() >>> random.nextInt(64);
      };
      withEveryField(v, random.nextBoolean()).forEach(m -> assertRoundTrip(new Inbound(m)));
    }
  }

  @Test
  void aMebibyteEntryAndEmptyEntriesRoundTripWithinABoundedSize() {
    byte[] big = new byte[1 << 20];
    new Random(7).nextBytes(big);
    AppendEntries append = new AppendEntries(1, 2, 3, 4, 5,
        List.of(Entry.normal(5, 5, new byte[0]), Entry.normal(6, 5, big), Entry.normal(7, 5, new byte[0])), 6);
    byte[] bytes = assertRoundTrip(new Inbound(append));
    assertThat(bytes.length).isBetween(big.length, big.length + 64);
    assertRoundTrip(new Inbound(new InstallSnapshot(1, 2, 3, SnapshotMeta.EMPTY, 0, big, false)));
    assertRoundTrip(new Inbound(new InstallSnapshot(1, 2, 3, SnapshotMeta.EMPTY, 0, new byte[0], true)));
  }

  @Test
  void aForwardedReplyToResolvesBackToTheSameActor() {
    TestProbe<ProposeReply> proposer = kit.createTestProbe(ProposeReply.class);
    Stream.of(new Forwarded(new byte[] {1, 2, 3}, false, proposer.ref()),
        new Forwarded(new byte[0], true, proposer.ref()),
        new Forwarded(new ConfChange(ConfChange.Type.ADD_VOTER, 9, "n9=http://h:2380").encode(), true, proposer.ref()))
        .forEach(f -> {
          Forwarded back = (Forwarded) serialization.deserialize(serialization.serialize(f).get(),
              RaftWireSerializer.IDENTIFIER, "F").get();
          assertThat(back.data()).isEqualTo(f.data());
          assertThat(back.confChange()).isEqualTo(f.confChange());
          assertThat(back.replyTo()).isEqualTo(proposer.ref());
          back.replyTo().tell(new RaftNode.NotLeader(42));
          assertThat(proposer.receiveMessage()).isEqualTo(new RaftNode.NotLeader(42));
        });
  }

  @Test
  void aForwardedBatchAndItsRepliesRoundTripWithTheFollowersRef() {
    TestProbe<RaftNode.Command> follower = kit.createTestProbe(RaftNode.Command.class);
    ForwardedBatch batch = new ForwardedBatch(List.of(new Forwarded(new byte[] {1, 2, 3}, false, null),
        new Forwarded(new byte[0], false, null),
        new Forwarded(new ConfChange(ConfChange.Type.ADD_VOTER, 9, "n9=http://h:2380").encode(), true, null)),
        Long.MAX_VALUE - 2, follower.ref());
    assertRoundTrip(batch);
    assertRoundTrip(new ForwardedBatch(List.of(), 1, follower.ref()));
    ForwardedBatch back = (ForwardedBatch) serialization.deserialize(serialization.serialize(batch).get(),
        RaftWireSerializer.IDENTIFIER, "B").get();
    back.follower().tell(new ForwardedReplies(List.of()));
    assertThat(follower.receiveMessage()).isEqualTo(new ForwardedReplies(List.of()));

    assertRoundTrip(new ForwardedReplies(List.of(new ForwardedReply(1, new Applied(5, null)),
        new ForwardedReply(Long.MAX_VALUE, new Applied(6, new Appended(3, "abc"))),
        new ForwardedReply(0, new Applied(7, new ConfChange(ConfChange.Type.REMOVE, 2))),
        new ForwardedReply(2, new RaftNode.NotLeader(4)), new ForwardedReply(3, new RaftNode.Dropped("timeout")))));
    assertRoundTrip(new ForwardedReplies(List.of()));
  }

  @Test
  void appliedResultsOfEveryKindRoundTrip() {
    Stream.of(new Applied(0, null), new Applied(Long.MAX_VALUE, "ok"), new Applied(-1, ""), new Applied(3, 7L),
            new Applied(9, new ConfChange(ConfChange.Type.REMOVE, -1, "ctx")),
            new Applied(8, new Appended(3, "abc")), new RaftNode.Dropped(""), new RaftNode.Dropped(null),
            new RaftNode.Dropped("lost: another leader's entry took index 7 — ünïcode"),
            new RaftNode.NotLeader(-1), new RaftNode.ReadReady(Long.MIN_VALUE), new RaftNode.LeadershipTransferred(0))
        .forEach(RaftWireSerializerTest::assertRoundTrip);
  }

  @Test
  void everyTruncationOfAMessageFailsClearly() {
    TestProbe<ProposeReply> proposer = kit.createTestProbe(ProposeReply.class);
    List<Entry> entries = LongStream.rangeClosed(1, 10).mapToObj(i -> Entry.normal(i, 2, new byte[30])).toList();
    Stream.of(new Inbound(new AppendEntries(1, 2, 3, 0, 0, entries, 5)),
            new Inbound(new InstallSnapshot(1, 2, 3, new SnapshotMeta(10, 2, conf()), 0, new byte[20], true)),
            new Forwarded(new byte[10], false, proposer.ref()), new Applied(3, new ConfChange(ConfChange.Type.REMOVE, 2)),
            new ForwardedBatch(List.of(new Forwarded(new byte[5], false, null)), 3,
                kit.createTestProbe(RaftNode.Command.class).ref()),
            new ForwardedReplies(List.of(new ForwardedReply(9, new Applied(2, null)),
                new ForwardedReply(10, new RaftNode.Dropped("x")))))
        .forEach(m -> {
          byte[] bytes = serialization.serialize(m).get();
          String manifest = manifest(m);
          for (int n = 0; n < bytes.length; n++) {
            byte[] prefix = Arrays.copyOf(bytes, n);
            assertThatThrownBy(() -> serializer().fromBinary(prefix, manifest)).as("%d of %d bytes", n, bytes.length)
                .isInstanceOf(NotSerializableException.class).hasMessageContaining("corrupt Raft wire message");
          }
          byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
          assertThatThrownBy(() -> serializer().fromBinary(longer, manifest)).hasMessageContaining("trailing");
        });
  }

  @Test
  void lengthsAndCountsBeyondTheRemainingBytesAreRejectedBeforeAllocating() {
    ByteBuffer forwarded = ByteBuffer.allocate(32);
    WireOut.into(forwarded).putVarLong(Integer.MAX_VALUE);   // data length: 2 GiB, then 5 bytes
    forwarded.put(new byte[5]).flip();
    assertThatThrownBy(() -> serializer().fromBinary(forwarded, "F"))
        .isInstanceOf(NotSerializableException.class).hasMessageContaining("length 2147483647 with 5 bytes left");

    ByteBuffer append = ByteBuffer.allocate(64);
    WireOut out = WireOut.into(append);
    out.putByte(3);   // AppendEntries
    out.putFixedLong(1);
    out.putFixedLong(2);
    out.putVarLong(3);
    out.putVarLong(0);
    out.putVarLong(0);
    out.putVarLong(0);
    out.putVarLong(Long.MAX_VALUE);   // entry count
    append.flip();
    assertThatThrownBy(() -> serializer().fromBinary(append, "I"))
        .isInstanceOf(NotSerializableException.class).hasMessageContaining("count");

    byte[] overlong = new byte[12];
    Arrays.fill(overlong, (byte) 0xFF);
    assertThatThrownBy(() -> serializer().fromBinary(overlong, "R")).hasMessageContaining("varint");
    assertThatThrownBy(() -> serializer().fromBinary(new byte[] {0x7F}, "I")).hasMessageContaining("unknown Raft message tag");
    assertThatThrownBy(() -> serializer().fromBinary(new byte[] {2}, "Z"))
        .isInstanceOf(NotSerializableException.class).hasMessageContaining("unknown manifest");
    assertThatThrownBy(() -> serializer().fromBinary(new byte[] {2, 9}, "A")).hasMessageContaining("unknown result kind");
  }

  /** One message of every variant with every long field {@code v}. */
  private static List<RaftMessage> withEveryField(long v, boolean flag) {
    List<Entry> entries = List.of(new Entry(v, v, Entry.Type.CONF_CHANGE, new byte[] {(byte) v}),
        new Entry(v, v, Entry.Type.NORMAL, new byte[0]));
    return List.of(
        new RequestVote(v, v, v, v, v, flag, !flag),
        new RequestVoteResponse(v, v, v, flag, !flag, v, v),
        new AppendEntries(v, v, v, v, v, entries, v),
        new AppendEntries(v, v, v, v, v, List.of(), v),
        new AppendEntriesResponse(v, v, v, flag, v, v, v, v),
        new Heartbeat(v, v, v, v, v),
        new HeartbeatResponse(v, v, v, v),
        new InstallSnapshot(v, v, v, new SnapshotMeta(v, v, conf()), v, new byte[] {1, 2}, flag),
        new InstallSnapshot(v, v, v, new SnapshotMeta(v, v, ConfState.EMPTY), v, new byte[0], !flag),
        new InstallSnapshotResponse(v, v, v, v, v, flag, v),
        new ReadIndexRequest(v, v, v, v),
        new ReadIndexResponse(v, v, v, v, v),
        new TimeoutNow(v, v, v));
  }

  private static ConfState conf() {
    return new ConfState(new TreeSet<>(List.of(Long.MIN_VALUE, -1L, 0L, 5L)), new TreeSet<>(List.of(Long.MAX_VALUE, 6L)));
  }

  private static RaftWireSerializer serializer() {
    return (RaftWireSerializer) serialization.serializerByIdentity().get(RaftWireSerializer.IDENTIFIER).get();
  }

  private static String manifest(Object message) {
    return Serializers.manifestFor(serialization.findSerializerFor(message), message);
  }

  /**
   * Round-trips through Pekko's serialization (serializer lookup, manifest, bytes) and through
   * the ByteBuffer path Artery takes; both must give the same bytes and an equal message.
   */
  private static byte[] assertRoundTrip(Object message) {
    Serializer serializer = serialization.findSerializerFor(message);
    assertThat(serializer).as("serializer of %s", message).isInstanceOf(RaftWireSerializer.class);
    byte[] bytes = serialization.serialize(message).get();
    Object back = serialization.deserialize(bytes, serializer.identifier(), manifest(message)).get();
    assertThat(MessageSerializationTest.deepEquals(back, message)).as("%s came back as %s", message, back).isTrue();

    ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length + 16);
    serializer().toBinary(message, direct);
    direct.flip();
    assertThat(direct.remaining()).isEqualTo(bytes.length);
    Object fromBuffer;
    try {
      fromBuffer = serialization.deserializeByteBuffer(direct, serializer.identifier(), manifest(message));
    } catch (NotSerializableException e) {
      throw new AssertionError(message + " from a buffer", e);
    }
    assertThat(MessageSerializationTest.deepEquals(fromBuffer, message)).as("%s from a buffer", message).isTrue();
    return bytes;
  }
}
