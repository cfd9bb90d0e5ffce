package io.coreactor.consensus.node;

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
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The binary form of a {@link RaftMessage}: a one-byte tag, sender and receiver as fixed
 * longs, then the term and the fields in record order (longs as zigzag varints, booleans as
 * one byte, byte arrays length-prefixed). An entry is index, term, type byte, data.
 */
final class RaftMessageCodec {

  private static final int REQUEST_VOTE = 1;
  private static final int REQUEST_VOTE_RESPONSE = 2;
  private static final int APPEND_ENTRIES = 3;
  private static final int APPEND_ENTRIES_RESPONSE = 4;
  private static final int HEARTBEAT = 5;
  private static final int HEARTBEAT_RESPONSE = 6;
  private static final int INSTALL_SNAPSHOT = 7;
  private static final int INSTALL_SNAPSHOT_RESPONSE = 8;
  private static final int READ_INDEX_REQUEST = 9;
  private static final int READ_INDEX_RESPONSE = 10;
  private static final int TIMEOUT_NOW = 11;

  /** The fewest bytes an encoded entry takes: index, term, type, length. */
  private static final int MIN_ENTRY_BYTES = 4;

  private static final Entry.Type[] ENTRY_TYPES = Entry.Type.values();

  private RaftMessageCodec() {
  }

  static void write(RaftMessage m, WireOut out) {
    if (m instanceof AppendEntries ae) {
      header(out, APPEND_ENTRIES, m);
      out.putVarLong(ae.prevLogIndex());
      out.putVarLong(ae.prevLogTerm());
      out.putVarLong(ae.leaderCommit());
      out.putVarLong(ae.entries().size());
      for (Entry e : ae.entries()) {
        out.putVarLong(e.index());
        out.putVarLong(e.term());
        out.putByte(e.type().ordinal());
        out.putBytes(e.data());
      }
    } else if (m instanceof AppendEntriesResponse r) {
      header(out, APPEND_ENTRIES_RESPONSE, m);
      out.putBoolean(r.success());
      out.putVarLong(r.matchIndex());
      out.putVarLong(r.rejectedIndex());
      out.putVarLong(r.hintIndex());
      out.putVarLong(r.hintTerm());
    } else if (m instanceof Heartbeat h) {
      header(out, HEARTBEAT, m);
      out.putVarLong(h.commit());
      out.putVarLong(h.readContext());
    } else if (m instanceof HeartbeatResponse h) {
      header(out, HEARTBEAT_RESPONSE, m);
      out.putVarLong(h.readContext());
    } else if (m instanceof RequestVote v) {
      header(out, REQUEST_VOTE, m);
      out.putVarLong(v.lastLogIndex());
      out.putVarLong(v.lastLogTerm());
      out.putBoolean(v.preVote());
      out.putBoolean(v.transfer());
    } else if (m instanceof RequestVoteResponse v) {
      header(out, REQUEST_VOTE_RESPONSE, m);
      out.putBoolean(v.granted());
      out.putBoolean(v.preVote());
      out.putVarLong(v.commitIndex());
      out.putVarLong(v.commitTerm());
    } else if (m instanceof InstallSnapshot s) {
      header(out, INSTALL_SNAPSHOT, m);
      writeMeta(s.meta(), out);
      out.putVarLong(s.offset());
      out.putBytes(s.chunk());
      out.putBoolean(s.done());
    } else if (m instanceof InstallSnapshotResponse s) {
      header(out, INSTALL_SNAPSHOT_RESPONSE, m);
      out.putVarLong(s.snapshotIndex());
      out.putVarLong(s.nextOffset());
      out.putBoolean(s.installed());
      out.putVarLong(s.lastIndex());
    } else if (m instanceof ReadIndexRequest r) {
      header(out, READ_INDEX_REQUEST, m);
      out.putVarLong(r.context());
    } else if (m instanceof ReadIndexResponse r) {
      header(out, READ_INDEX_RESPONSE, m);
      out.putVarLong(r.context());
      out.putVarLong(r.index());
    } else if (m instanceof TimeoutNow) {
      header(out, TIMEOUT_NOW, m);
    } else {
      throw new IllegalArgumentException("not a Raft message: " + m);
    }
  }

  static RaftMessage read(WireIn in) {
    int tag = in.getByte();
    if (tag < REQUEST_VOTE || tag > TIMEOUT_NOW) {
      throw WireIn.corrupt("unknown Raft message tag " + tag);
    }
    long from = in.getFixedLong();
    long to = in.getFixedLong();
    long term = in.getVarLong();
    return switch (tag) {
      case APPEND_ENTRIES -> {
        long prevIndex = in.getVarLong();
        long prevTerm = in.getVarLong();
        long commit = in.getVarLong();
        int n = in.getCount(MIN_ENTRY_BYTES);
        List<Entry> entries = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          entries.add(new Entry(in.getVarLong(), in.getVarLong(), entryType(in.getByte()), in.getBytes()));
        }
        yield new AppendEntries(from, to, term, prevIndex, prevTerm, entries, commit);
      }
      case APPEND_ENTRIES_RESPONSE -> new AppendEntriesResponse(from, to, term, in.getBoolean(), in.getVarLong(),
          in.getVarLong(), in.getVarLong(), in.getVarLong());
      case HEARTBEAT -> new Heartbeat(from, to, term, in.getVarLong(), in.getVarLong());
      case HEARTBEAT_RESPONSE -> new HeartbeatResponse(from, to, term, in.getVarLong());
      case REQUEST_VOTE -> new RequestVote(from, to, term, in.getVarLong(), in.getVarLong(), in.getBoolean(),
          in.getBoolean());
      case REQUEST_VOTE_RESPONSE -> new RequestVoteResponse(from, to, term, in.getBoolean(), in.getBoolean(),
          in.getVarLong(), in.getVarLong());
      case INSTALL_SNAPSHOT -> new InstallSnapshot(from, to, term, readMeta(in), in.getVarLong(), in.getBytes(),
          in.getBoolean());
      case INSTALL_SNAPSHOT_RESPONSE -> new InstallSnapshotResponse(from, to, term, in.getVarLong(), in.getVarLong(),
          in.getBoolean(), in.getVarLong());
      case READ_INDEX_REQUEST -> new ReadIndexRequest(from, to, term, in.getVarLong());
      case READ_INDEX_RESPONSE -> new ReadIndexResponse(from, to, term, in.getVarLong(), in.getVarLong());
      case TIMEOUT_NOW -> new TimeoutNow(from, to, term);
      default -> throw new IllegalStateException("tag " + tag);
    };
  }

  private static void header(WireOut out, int tag, RaftMessage m) {
    out.putByte(tag);
    out.putFixedLong(m.from());
    out.putFixedLong(m.to());
    out.putVarLong(m.term());
  }

  private static void writeMeta(SnapshotMeta meta, WireOut out) {
    out.putVarLong(meta.index());
    out.putVarLong(meta.term());
    writeIds(meta.confState().voters(), out);
    writeIds(meta.confState().learners(), out);
  }

  private static SnapshotMeta readMeta(WireIn in) {
    long index = in.getVarLong();
    long term = in.getVarLong();
    return new SnapshotMeta(index, term, new ConfState(readIds(in), readIds(in)));
  }

  private static void writeIds(SortedSet<Long> ids, WireOut out) {
    out.putVarLong(ids.size());
    for (long id : ids) {
      out.putFixedLong(id);
    }
  }

  private static SortedSet<Long> readIds(WireIn in) {
    int n = in.getCount(8);
    TreeSet<Long> ids = new TreeSet<>();
    for (int i = 0; i < n; i++) {
      ids.add(in.getFixedLong());
    }
    return ids;
  }

  private static Entry.Type entryType(int ordinal) {
    if (ordinal >= ENTRY_TYPES.length) {
      throw WireIn.corrupt("unknown entry type " + ordinal);
    }
    return ENTRY_TYPES[ordinal];
  }
}
