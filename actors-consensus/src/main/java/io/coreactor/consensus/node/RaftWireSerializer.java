package io.coreactor.consensus.node;

import io.coreactor.consensus.node.RaftNode.Applied;
import io.coreactor.consensus.node.RaftNode.Dropped;
import io.coreactor.consensus.node.RaftNode.Forwarded;
import io.coreactor.consensus.node.RaftNode.ForwardedBatch;
import io.coreactor.consensus.node.RaftNode.ForwardedReplies;
import io.coreactor.consensus.node.RaftNode.ForwardedReply;
import io.coreactor.consensus.node.RaftNode.Inbound;
import io.coreactor.consensus.node.RaftNode.LeadershipTransferred;
import io.coreactor.consensus.node.RaftNode.NotLeader;
import io.coreactor.consensus.node.RaftNode.ProposeReply;
import io.coreactor.consensus.node.RaftNode.ReadReady;
import io.coreactor.consensus.raft.ConfChange;
import java.io.NotSerializableException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.ByteBufferSerializer;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.SerializerWithStringManifest;
import org.apache.pekko.serialization.Serializers;

/**
 * The hand-written binary serializer of RaftNode's hot cross-JVM messages: {@link Inbound}
 * Raft messages (see {@link RaftMessageCodec}), {@link Forwarded} proposals and their batches
 * ({@link ForwardedBatch}, {@link ForwardedReplies}) and the replies to proposals.
 * Jackson's reflection cost a fifth of a node's CPU under write load. The manifest names the
 * message class in one letter; actor refs travel in {@link ActorRefResolver}'s string form;
 * an {@link Applied} result other than null or a {@link ConfChange} goes through Pekko's
 * serialization as (serializer id, manifest, bytes). As a {@link ByteBufferSerializer} it
 * writes straight into Artery's envelope buffer, so entry data is copied once each way.
 */
public final class RaftWireSerializer extends SerializerWithStringManifest implements ByteBufferSerializer {

  /** This serializer's id, far from Pekko's reserved 0-40. */
  public static final int IDENTIFIER = 4711_0001;

  private static final String INBOUND = "I";
  private static final String FORWARDED = "F";
  private static final String APPLIED = "A";
  private static final String NOT_LEADER = "N";
  private static final String DROPPED = "D";
  private static final String READ_READY = "R";
  private static final String LEADERSHIP_TRANSFERRED = "L";
  private static final String FORWARDED_BATCH = "B";
  private static final String FORWARDED_REPLIES = "P";

  private static final int RESULT_NULL = 0;
  private static final int RESULT_CONF_CHANGE = 1;
  private static final int RESULT_DELEGATED = 2;

  private final ExtendedActorSystem system;
  // Both extensions may not be ready while Pekko builds its serializers: looked up on first use.
  private volatile ActorRefResolver resolver;
  private volatile Serialization serialization;

  public RaftWireSerializer(ExtendedActorSystem system) {
    this.system = system;
  }

  /** A Forwarded with its reply-to ref already in string form. */
  private record ForwardedWire(byte[] data, boolean confChange, String replyTo) {}

  /** A ForwardedBatch with its follower ref in string form (its requests carry no refs). */
  private record ForwardedBatchWire(List<Forwarded> requests, long firstTag, String follower) {}

  /** ForwardedReplies with each reply's manifest, and the reply prepared for writing. */
  private record ForwardedRepliesWire(long[] tags, String[] manifests, Object[] replies) {}

  /** An Applied whose result another serializer already turned into bytes. */
  private record AppliedWire(long index, int serializerId, String manifest, byte[] bytes) {}

  @Override
  public int identifier() {
    return IDENTIFIER;
  }

  @Override
  public String manifest(Object o) {
    if (o instanceof Inbound) {
      return INBOUND;
    } else if (o instanceof Forwarded) {
      return FORWARDED;
    } else if (o instanceof Applied) {
      return APPLIED;
    } else if (o instanceof NotLeader) {
      return NOT_LEADER;
    } else if (o instanceof Dropped) {
      return DROPPED;
    } else if (o instanceof ReadReady) {
      return READ_READY;
    } else if (o instanceof LeadershipTransferred) {
      return LEADERSHIP_TRANSFERRED;
    } else if (o instanceof ForwardedBatch) {
      return FORWARDED_BATCH;
    } else if (o instanceof ForwardedReplies) {
      return FORWARDED_REPLIES;
    }
    throw new IllegalArgumentException("RaftWireSerializer cannot serialize " + o.getClass().getName());
  }

  @Override
  public byte[] toBinary(Object o) {
    Object wire = prepare(o);
    WireOut counter = WireOut.counting();
    write(wire, counter);
    ByteBuffer buf = ByteBuffer.allocate(counter.size());
    write(wire, WireOut.into(buf));
    return buf.array();
  }

  @Override
  public void toBinary(Object o, ByteBuffer buf) {
    write(prepare(o), WireOut.into(buf));
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    return fromBinary(ByteBuffer.wrap(bytes), manifest);
  }

  @Override
  public Object fromBinary(ByteBuffer buf, String manifest) throws NotSerializableException {
    try {
      WireIn in = new WireIn(buf);
      Object message = read(in, manifest);
      in.end();
      return message;
    } catch (IllegalArgumentException e) {
      NotSerializableException failure = new NotSerializableException(e.getMessage() + " (manifest " + manifest + ")");
      failure.initCause(e);
      throw failure;
    }
  }

  /** Resolves what the writer must not compute twice (sizing, then writing): refs and delegated results. */
  private Object prepare(Object o) {
    if (o instanceof ForwardedBatch b) {
      return new ForwardedBatchWire(b.requests(), b.firstTag(), resolver().toSerializationFormat(b.follower()));
    }
    if (o instanceof ForwardedReplies r) {
      int n = r.replies().size();
      long[] tags = new long[n];
      String[] manifests = new String[n];
      Object[] replies = new Object[n];
      for (int i = 0; i < n; i++) {
        ForwardedReply reply = r.replies().get(i);
        tags[i] = reply.tag();
        manifests[i] = manifest(reply.reply());
        replies[i] = prepare(reply.reply());
      }
      return new ForwardedRepliesWire(tags, manifests, replies);
    }
    if (o instanceof Forwarded f) {
      String replyTo = f.replyTo() == null ? null : resolver().toSerializationFormat(f.replyTo());
      return new ForwardedWire(f.data(), f.confChange(), replyTo);
    }
    if (o instanceof Applied a && a.result() != null && !(a.result() instanceof ConfChange)) {
      Serialization serialization = serialization();
      Serializer serializer = serialization.findSerializerFor(a.result());
      byte[] bytes = serialization.serialize(a.result()).get();
      return new AppliedWire(a.index(), serializer.identifier(), Serializers.manifestFor(serializer, a.result()), bytes);
    }
    return o;
  }

  private static void write(Object o, WireOut out) {
    if (o instanceof Inbound i) {
      RaftMessageCodec.write(i.message(), out);
    } else if (o instanceof ForwardedBatchWire b) {
      out.putVarLong(b.requests().size());
      for (Forwarded f : b.requests()) {
        out.putBytes(f.data());
        out.putBoolean(f.confChange());
      }
      out.putVarLong(b.firstTag());
      out.putString(b.follower());
    } else if (o instanceof ForwardedRepliesWire r) {
      out.putVarLong(r.tags().length);
      for (int i = 0; i < r.tags().length; i++) {
        out.putVarLong(r.tags()[i]);
        out.putString(r.manifests()[i]);
        write(r.replies()[i], out);
      }
    } else if (o instanceof ForwardedWire f) {
      out.putBytes(f.data());
      out.putBoolean(f.confChange());
      out.putString(f.replyTo());
    } else if (o instanceof AppliedWire a) {
      out.putVarLong(a.index());
      out.putByte(RESULT_DELEGATED);
      out.putVarLong(a.serializerId());
      out.putString(a.manifest());
      out.putBytes(a.bytes());
    } else if (o instanceof Applied a) {
      out.putVarLong(a.index());
      if (a.result() == null) {
        out.putByte(RESULT_NULL);
      } else {
        out.putByte(RESULT_CONF_CHANGE);
        out.putBytes(((ConfChange) a.result()).encode());
      }
    } else if (o instanceof NotLeader n) {
      out.putVarLong(n.leader());
    } else if (o instanceof Dropped d) {
      out.putString(d.reason());
    } else if (o instanceof ReadReady r) {
      out.putVarLong(r.index());
    } else if (o instanceof LeadershipTransferred t) {
      out.putVarLong(t.leader());
    } else {
      throw new IllegalArgumentException("RaftWireSerializer cannot serialize " + o.getClass().getName());
    }
  }

  private Object read(WireIn in, String manifest) throws NotSerializableException {
    return switch (manifest) {
      case INBOUND -> new Inbound(RaftMessageCodec.read(in));
      case FORWARDED -> {
        byte[] data = in.getBytes();
        boolean confChange = in.getBoolean();
        String ref = in.getString();
        ActorRef<ProposeReply> replyTo = ref == null ? null : resolver().resolveActorRef(ref);
        yield new Forwarded(data, confChange, replyTo);
      }
      case APPLIED -> new Applied(in.getVarLong(), readResult(in));
      case NOT_LEADER -> new NotLeader(in.getVarLong());
      case DROPPED -> new Dropped(in.getString());
      case READ_READY -> new ReadReady(in.getVarLong());
      case LEADERSHIP_TRANSFERRED -> new LeadershipTransferred(in.getVarLong());
      case FORWARDED_BATCH -> readForwardedBatch(in);
      case FORWARDED_REPLIES -> readForwardedReplies(in);
      default -> throw new NotSerializableException("RaftWireSerializer: unknown manifest [" + manifest + "]");
    };
  }

  private ForwardedBatch readForwardedBatch(WireIn in) {
    int n = in.getCount(2);   // each request: a length and a boolean at least
    List<Forwarded> requests = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      byte[] data = in.getBytes();
      if (data == null) {
        throw WireIn.corrupt("null forwarded request");
      }
      requests.add(new Forwarded(data, in.getBoolean(), null));
    }
    long firstTag = in.getVarLong();
    String follower = in.getString();
    if (follower == null) {
      throw WireIn.corrupt("forwarded batch without its follower");
    }
    return new ForwardedBatch(requests, firstTag, resolver().resolveActorRef(follower));
  }

  private ForwardedReplies readForwardedReplies(WireIn in) throws NotSerializableException {
    int n = in.getCount(3);   // each: a tag, a manifest and a reply of a byte at least
    List<ForwardedReply> replies = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long tag = in.getVarLong();
      String manifest = in.getString();
      if (!(APPLIED.equals(manifest) || NOT_LEADER.equals(manifest) || DROPPED.equals(manifest))) {
        throw WireIn.corrupt("forwarded reply of kind [" + manifest + "]");
      }
      replies.add(new ForwardedReply(tag, (ProposeReply) read(in, manifest)));
    }
    return new ForwardedReplies(replies);
  }

  private Object readResult(WireIn in) {
    int kind = in.getByte();
    switch (kind) {
      case RESULT_NULL:
        return null;
      case RESULT_CONF_CHANGE:
        byte[] change = in.getBytes();
        if (change == null) {
          throw WireIn.corrupt("null conf change");
        }
        return ConfChange.decode(change);
      case RESULT_DELEGATED:
        long id = in.getVarLong();
        String manifest = in.getString();
        byte[] bytes = in.getBytes();
        if (id != (int) id || manifest == null || bytes == null) {
          throw WireIn.corrupt("delegated result " + id + " [" + manifest + "]");
        }
        return serialization().deserialize(bytes, (int) id, manifest).get();
      default:
        throw WireIn.corrupt("unknown result kind " + kind);
    }
  }

  private ActorRefResolver resolver() {
    ActorRefResolver r = resolver;
    if (r == null) {
      r = ActorRefResolver.get(Adapter.toTyped(system));
      resolver = r;
    }
    return r;
  }

  private Serialization serialization() {
    Serialization s = serialization;
    if (s == null) {
      s = SerializationExtension.get(system);
      serialization = s;
    }
    return s;
  }
}
