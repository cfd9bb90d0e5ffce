package io.coreactor.consensus.raft;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * The messages Raft nodes exchange (Raft paper Figure 2 plus pre-vote, ReadIndex, chunked
 * InstallSnapshot and leadership transfer). Every message names its sender, its receiver
 * and the sender's term.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "t")
@JsonSubTypes({
    @JsonSubTypes.Type(value = RaftMessage.RequestVote.class, name = "rv"),
    @JsonSubTypes.Type(value = RaftMessage.RequestVoteResponse.class, name = "rvr"),
    @JsonSubTypes.Type(value = RaftMessage.AppendEntries.class, name = "ae"),
    @JsonSubTypes.Type(value = RaftMessage.AppendEntriesResponse.class, name = "aer"),
    @JsonSubTypes.Type(value = RaftMessage.Heartbeat.class, name = "hb"),
    @JsonSubTypes.Type(value = RaftMessage.HeartbeatResponse.class, name = "hbr"),
    @JsonSubTypes.Type(value = RaftMessage.InstallSnapshot.class, name = "is"),
    @JsonSubTypes.Type(value = RaftMessage.InstallSnapshotResponse.class, name = "isr"),
    @JsonSubTypes.Type(value = RaftMessage.ReadIndexRequest.class, name = "ri"),
    @JsonSubTypes.Type(value = RaftMessage.ReadIndexResponse.class, name = "rir"),
    @JsonSubTypes.Type(value = RaftMessage.TimeoutNow.class, name = "tn")
})
public sealed interface RaftMessage {

  long from();

  long to();

  long term();

  /**
   * A (pre-)candidate asks for a vote. A pre-vote carries the term the candidate would use
   * and changes no state on the receiver. {@code transfer} marks an election started by
   * TimeoutNow, which voters grant even while they still hear from a leader.
   */
  record RequestVote(long from, long to, long term, long lastLogIndex, long lastLogTerm,
                     boolean preVote, boolean transfer) implements RaftMessage {}

  /**
   * The answer to a (pre-)vote request. It also carries the voter's commit index and the term
   * of its entry there: a candidate holding that same entry knows it is committed (log
   * matching), which a candidate may need to learn that its own configuration changed.
   */
  record RequestVoteResponse(long from, long to, long term, boolean granted, boolean preVote,
                             long commitIndex, long commitTerm) implements RaftMessage {}

  /** Log replication: entries following (prevLogIndex, prevLogTerm), and the leader's commit index. */
  record AppendEntries(long from, long to, long term, long prevLogIndex, long prevLogTerm,
                       List<Entry> entries, long leaderCommit) implements RaftMessage {
    public AppendEntries {
      entries = List.copyOf(entries);
    }
  }

  /**
   * The answer to AppendEntries. On success {@code matchIndex} is the last index known to
   * match the leader. On rejection {@code rejectedIndex} is the prevLogIndex that did not
   * match, and (hintIndex, hintTerm) point at the follower's last entry at or below it, so
   * the leader can skip a whole conflicting term at once.
   */
  record AppendEntriesResponse(long from, long to, long term, boolean success, long matchIndex,
                               long rejectedIndex, long hintIndex, long hintTerm) implements RaftMessage {}

  /**
   * Leader liveness and commit propagation. {@code commit} is capped at what the follower
   * is known to hold. A non-zero {@code readContext} asks the follower to confirm the
   * leadership round for a ReadIndex read.
   */
  record Heartbeat(long from, long to, long term, long commit, long readContext) implements RaftMessage {}

  /** The answer to a heartbeat, echoing its read context. */
  record HeartbeatResponse(long from, long to, long term, long readContext) implements RaftMessage {}

  /**
   * One chunk of a snapshot. {@code offset} is where {@code chunk} starts in the snapshot's
   * data; {@code done} marks the last chunk.
   */
  record InstallSnapshot(long from, long to, long term, SnapshotMeta meta, long offset, byte[] chunk,
                         boolean done) implements RaftMessage {
    @Override
    public String toString() {
      return "InstallSnapshot[" + from + "->" + to + " t" + term + " " + meta + " @" + offset
          + " +" + chunk.length + (done ? " done" : "") + "]";
    }
  }

  /**
   * The answer to a snapshot chunk: {@code nextOffset} is how much of the snapshot at
   * {@code snapshotIndex} the follower now holds; {@code installed} is true once the whole
   * snapshot was taken (the follower's log then ends at {@code snapshotIndex} or later).
   */
  record InstallSnapshotResponse(long from, long to, long term, long snapshotIndex, long nextOffset,
                                 boolean installed, long lastIndex) implements RaftMessage {}

  /** A follower asks the leader for a read index on behalf of a local read. */
  record ReadIndexRequest(long from, long to, long term, long context) implements RaftMessage {}

  /** The leader's read index for a follower's read; {@code index} is -1 when it cannot serve reads now. */
  record ReadIndexResponse(long from, long to, long term, long context, long index) implements RaftMessage {}

  /** Leadership transfer: the leader tells an up-to-date follower to start an election now. */
  record TimeoutNow(long from, long to, long term) implements RaftMessage {}
}
