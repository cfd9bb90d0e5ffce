package io.coreactor.consensus.kv;

import java.util.ArrayList;
import java.util.List;

/**
 * The binary form of a {@link KvRequest} in the Raft log: a format version byte, a type tag,
 * then the fields in declaration order (signed numbers as zigzag varints, byte strings
 * length-prefixed, flags packed in a byte). Equal requests encode to equal bytes. A new field
 * or request type gets a new version, and decoding keeps accepting the old ones.
 */
public final class KvCommand {

  /** The format version written by {@link #encode}. */
  public static final int VERSION = 1;

  private static final int RANGE = 1;
  private static final int PUT = 2;
  private static final int DELETE_RANGE = 3;
  private static final int TXN = 4;
  private static final int COMPACTION = 5;
  private static final int LEASE_GRANT = 6;
  private static final int LEASE_REVOKE = 7;

  private KvCommand() {
  }

  /** Validates and encodes with etcd's default limits. */
  public static byte[] encode(KvRequest request) {
    return encode(request, KvConfig.DEFAULT);
  }

  /**
   * Validates the request as etcd does before proposing and encodes it.
   *
   * @throws KvException for an invalid request, or REQUEST_TOO_LARGE past the configured size
   */
  public static byte[] encode(KvRequest request, KvConfig config) {
    RequestValidator.validate(request, config);
    // A put, the common command, fits at once: growing from 64 bytes copied a 256-byte value's
    // buffer three times.
    WireWriter w = new WireWriter(request instanceof PutRequest p ? 40 + p.key().size() + p.value().size() : 64);
    w.writeByte(VERSION);
    write(w, request);
    if (w.size() > config.maxRequestBytes()) {
      throw KvError.REQUEST_TOO_LARGE.exception();
    }
    return w.toByteArray();
  }

  /**
   * Decodes what {@link #encode} wrote.
   *
   * @throws IllegalArgumentException for an unknown version or malformed bytes
   */
  public static KvRequest decode(byte[] data) {
    WireReader r = new WireReader(data);
    int version = r.readByte();
    if (version != VERSION) {
      throw new IllegalArgumentException("unsupported command version " + version);
    }
    KvRequest request = read(r);
    if (!r.atEnd()) {
      throw new IllegalArgumentException("trailing bytes after command at " + r.position());
    }
    return request;
  }

  private static void write(WireWriter w, KvRequest request) {
    if (request instanceof RequestOp op) {
      writeOp(w, op);
    } else if (request instanceof CompactionRequest c) {
      w.writeByte(COMPACTION);
      w.writeLong(c.revision());
      w.writeBool(c.physical());
    } else if (request instanceof LeaseGrantRequest g) {
      w.writeByte(LEASE_GRANT);
      w.writeLong(g.ttl());
      w.writeLong(g.id());
    } else if (request instanceof LeaseRevokeRequest l) {
      w.writeByte(LEASE_REVOKE);
      w.writeLong(l.id());
    }
  }

  private static void writeOp(WireWriter w, RequestOp op) {
    if (op instanceof RangeRequest r) {
      w.writeByte(RANGE);
      w.writeBytes(r.key());
      w.writeBytes(r.rangeEnd());
      w.writeLong(r.limit());
      w.writeLong(r.revision());
      w.writeByte(r.sortOrder().ordinal());
      w.writeByte(r.sortTarget().ordinal());
      w.writeByte(flags(r.serializable(), r.keysOnly(), r.countOnly()));
      w.writeLong(r.minModRevision());
      w.writeLong(r.maxModRevision());
      w.writeLong(r.minCreateRevision());
      w.writeLong(r.maxCreateRevision());
    } else if (op instanceof PutRequest p) {
      w.writeByte(PUT);
      w.writeBytes(p.key());
      w.writeBytes(p.value());
      w.writeLong(p.lease());
      w.writeByte(flags(p.prevKv(), p.ignoreValue(), p.ignoreLease()));
    } else if (op instanceof DeleteRangeRequest d) {
      w.writeByte(DELETE_RANGE);
      w.writeBytes(d.key());
      w.writeBytes(d.rangeEnd());
      w.writeBool(d.prevKv());
    } else if (op instanceof TxnRequest t) {
      w.writeByte(TXN);
      w.writeUnsigned(t.compare().size());
      for (Compare c : t.compare()) {
        w.writeByte(c.result().ordinal());
        w.writeByte(c.target().ordinal());
        w.writeBytes(c.key());
        w.writeBytes(c.rangeEnd());
        w.writeLong(c.number());
        w.writeBytes(c.value());
      }
      writeOps(w, t.success());
      writeOps(w, t.failure());
    }
  }

  private static void writeOps(WireWriter w, List<RequestOp> ops) {
    w.writeUnsigned(ops.size());
    for (RequestOp op : ops) {
      writeOp(w, op);
    }
  }

  private static int flags(boolean a, boolean b, boolean c) {
    return (a ? 1 : 0) | (b ? 2 : 0) | (c ? 4 : 0);
  }

  private static boolean flag(int flags, int bit) {
    return (flags & (1 << bit)) != 0;
  }

  private static KvRequest read(WireReader r) {
    int tag = r.readByte();
    return switch (tag) {
      case COMPACTION -> new CompactionRequest(r.readLong(), r.readBool());
      case LEASE_GRANT -> new LeaseGrantRequest(r.readLong(), r.readLong());
      case LEASE_REVOKE -> new LeaseRevokeRequest(r.readLong());
      default -> (KvRequest) readOp(r, tag);
    };
  }

  private static RequestOp readOp(WireReader r, int tag) {
    switch (tag) {
      case RANGE: {
        Bytes key = r.readBytes();
        Bytes end = r.readBytes();
        long limit = r.readLong();
        long revision = r.readLong();
        RangeRequest.SortOrder order = enumAt(RangeRequest.SortOrder.values(), r.readByte());
        RangeRequest.SortTarget target = enumAt(RangeRequest.SortTarget.values(), r.readByte());
        int flags = r.readByte();
        return new RangeRequest(key, end, limit, revision, order, target, flag(flags, 0),
            flag(flags, 1), flag(flags, 2), r.readLong(), r.readLong(), r.readLong(),
            r.readLong());
      }
      case PUT: {
        Bytes key = r.readBytes();
        Bytes value = r.readBytes();
        long lease = r.readLong();
        int flags = r.readByte();
        return new PutRequest(key, value, lease, flag(flags, 0), flag(flags, 1), flag(flags, 2));
      }
      case DELETE_RANGE:
        return new DeleteRangeRequest(r.readBytes(), r.readBytes(), r.readBool());
      case TXN: {
        int n = r.readCount();
        List<Compare> compares = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          Compare.Result result = enumAt(Compare.Result.values(), r.readByte());
          Compare.Target target = enumAt(Compare.Target.values(), r.readByte());
          compares.add(new Compare(result, target, r.readBytes(), r.readBytes(), r.readLong(),
              r.readBytes()));
        }
        return new TxnRequest(compares, readOps(r), readOps(r));
      }
      default:
        throw new IllegalArgumentException("unknown command type " + tag);
    }
  }

  private static List<RequestOp> readOps(WireReader r) {
    int n = r.readCount();
    List<RequestOp> ops = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ops.add(readOp(r, r.readByte()));
    }
    return ops;
  }

  private static <E extends Enum<E>> E enumAt(E[] values, int ordinal) {
    if (ordinal >= values.length) {
      throw new IllegalArgumentException("unknown " + values[0].getDeclaringClass().getSimpleName()
          + " " + ordinal);
    }
    return values[ordinal];
  }
}
