package io.coreactor.consensus.node;

import io.coreactor.consensus.node.RaftNode.Forwarded;
import io.coreactor.consensus.node.RaftNode.Inbound;
import io.coreactor.consensus.raft.Entry;
import io.coreactor.consensus.raft.RaftMessage.AppendEntries;
import io.coreactor.consensus.raft.RaftMessage.AppendEntriesResponse;
import com.typesafe.config.ConfigFactory;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.SerializerWithStringManifest;
import org.apache.pekko.serialization.Serializers;

/**
 * Not a test: a one-off measurement of RaftWireSerializer against jackson-cbor (ns per
 * serialize and deserialize, and bytes) on typical messages. Run its main with the test
 * classpath; numbers depend on the machine, so nothing asserts them.
 */
final class RaftWireSerializerBench {

  private static volatile Object sink;

  public static void main(String[] args) throws Exception {
    // The old binding, so that jackson-cbor accepts these classes; this serializer is still registered.
    String oldBindings = Stream.of("Inbound", "Forwarded", "Applied")
        .map(c -> "\"io.coreactor.consensus.node.RaftNode$" + c + "\" = jackson-cbor")
        .collect(Collectors.joining("\n", "pekko.actor.serialization-bindings {\n", "\n}"));
    ActorTestKit kit = ActorTestKit.create(ConfigFactory.parseString(oldBindings).withFallback(ConfigFactory.load()));
    try {
      Serialization serialization = SerializationExtension.get(Adapter.toClassic(kit.system()));
      Serializer jackson = serialization.findSerializerFor(new RaftNode.Read(null));
      RaftWireSerializer wire = (RaftWireSerializer) serialization.serializerByIdentity()
          .get(RaftWireSerializer.IDENTIFIER).get();
      Random random = new Random(1);
      List<Entry> entries = LongStream.range(0, 10).mapToObj(i -> {
        byte[] data = new byte[300];
        random.nextBytes(data);
        return Entry.normal(1_000_000 + i, 7, data);
      }).toList();
      long leader = random.nextLong();
      long follower = random.nextLong();
      byte[] proposal = new byte[300];
      random.nextBytes(proposal);
      Object[] messages = {
          new Inbound(new AppendEntries(leader, follower, 7, 999_999, 7, entries, 999_990)),
          new Inbound(new AppendEntriesResponse(follower, leader, 7, true, 1_000_009, 0, 0, 0)),
          new Forwarded(proposal, false, kit.createTestProbe(RaftNode.ProposeReply.class).ref()),
          new RaftNode.Applied(1_000_009, null)};
      double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2;
      // Jackson writes actor refs only with transport information, as Artery sets it.
      ExtendedActorSystem system = (ExtendedActorSystem) Adapter.toClassic(kit.system());
      org.apache.pekko.serialization.Serialization$.MODULE$.withTransportInformation(system, () -> {
        run(messages, jackson, wire, seconds);
        return null;
      });
    } finally {
      kit.shutdownTestKit();
    }
  }

  private static void run(Object[] messages, Serializer jackson, RaftWireSerializer wire, double seconds) {
    for (Object m : messages) {
      String name = m instanceof Inbound i ? i.message().getClass().getSimpleName() : m.getClass().getSimpleName();
      report(name, "jackson-cbor", jackson, m, seconds);
      report(name, "raft-wire", wire, m, seconds);
      ByteBuffer direct = ByteBuffer.allocateDirect(1 << 20);
      String manifest = wire.manifest(m);
      double nsBuffer = measure(seconds, () -> {
        direct.clear();
        wire.toBinary(m, direct);
        direct.flip();
        sink = wire.fromBinary(direct, manifest);
      });
      System.out.printf("%-22s %-13s %8s %9.0f ns round trip through a direct buffer (Artery's path)%n",
          name, "raft-wire", "", nsBuffer);
    }
  }

  private static void report(String name, String label, Serializer serializer, Object m, double seconds) {
    byte[] bytes = serializer.toBinary(m);
    String manifest = Serializers.manifestFor(serializer, m);
    double nsTo = measure(seconds, () -> sink = serializer.toBinary(m));
    double nsFrom = measure(seconds, () -> sink = ((SerializerWithStringManifest) serializer).fromBinary(bytes, manifest));
    System.out.printf("%-22s %-13s %6d B %9.0f ns serialize %9.0f ns deserialize%n", name, label, bytes.length, nsTo,
        nsFrom);
  }

  /** Runs {@code op} for {@code seconds} of warm-up, then {@code seconds} measured; ns per call. */
  private static double measure(double seconds, Op op) {
    run(seconds, op);
    return run(seconds, op);
  }

  private static double run(double seconds, Op op) {
    long budget = (long) (seconds * 1e9);
    long start = System.nanoTime();
    long calls = 0;
    long elapsed;
    do {
      for (int i = 0; i < 1000; i++) {
        try {
          op.run();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
      calls += 1000;
      elapsed = System.nanoTime() - start;
    } while (elapsed < budget);
    return (double) elapsed / calls;
  }

  private interface Op {
    void run() throws Exception;
  }
}
