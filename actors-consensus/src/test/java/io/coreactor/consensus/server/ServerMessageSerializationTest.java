package io.coreactor.consensus.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.coreactor.consensus.node.RaftNode;
import java.util.List;
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
 * What the server sends between members goes through its serializer (jackson-cbor; RaftNode's
 * replies through RaftWireSerializer) and comes back equal.
 */
class ServerMessageSerializationTest {

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

  @Test
  void keeperRequestsAndRepliesAndTheStoresResultsRoundTrip() {
    ActorRef<LeaseKeeper.Reply> replyTo = kit.createTestProbe(LeaseKeeper.Reply.class).ref();
    List.of(
        new LeaseKeeper.KeepAlive(42, true, replyTo),
        new LeaseKeeper.TimeToLive(42, false, replyTo),
        new LeaseKeeper.Remaining(42, 7),
        new LeaseKeeper.Remaining(42, -1),
        new LeaseKeeper.NoLeader(0),
        // KvStore's results of applying an entry, sent to a proposer on another member.
        new RaftNode.Applied(9, null),
        new RaftNode.Applied(9, "invalid entry 9: not a KV server entry (3 bytes)")
    ).forEach(ServerMessageSerializationTest::assertRoundTrip);
  }

  private static void assertRoundTrip(Object message) {
    Serializer serializer = serialization.findSerializerFor(message);
    assertThat(serializer.getClass().getSimpleName()).as("serializer of %s", message)
        .isEqualTo(message instanceof RaftNode.Applied ? "RaftWireSerializer" : "JacksonCborSerializer");
    byte[] bytes = serialization.serialize(message).get();
    Object back = serialization.deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, message))
        .get();
    assertThat(back).isEqualTo(message);
  }
}
