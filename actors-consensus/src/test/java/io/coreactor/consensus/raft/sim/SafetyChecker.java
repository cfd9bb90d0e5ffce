package io.coreactor.consensus.raft.sim;

import io.coreactor.consensus.raft.ConfChange;
import io.coreactor.consensus.raft.ConfState;
import io.coreactor.consensus.raft.Entry;
import io.coreactor.consensus.raft.HardState;
import io.coreactor.consensus.raft.RaftCore;
import io.coreactor.consensus.raft.ReadState;
import io.coreactor.consensus.raft.Role;
import io.coreactor.consensus.raft.SnapshotMeta;
import io.coreactor.consensus.storage.MemoryRaftStorage;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The Raft safety properties (paper Figure 3), checked incrementally as the simulation runs,
 * from observations alone, so that a fabricated history can show it fails:
 * election safety, log matching, leader completeness, state machine safety, commit
 * monotonicity, plus durable vote safety, configuration agreement and linearizable reads.
 * Every violation throws a {@link SimulationFailure} whose message starts with the rule.
 */
final class SafetyChecker {

  private record IndexTerm(long index, long term) {}

  private record LogPoint(Entry entry, long prevTerm, long node) {}

  private record ReadRequest(long node, long minIndex, long maxCommit, long maxAcked) {}

  /** Election safety: the one leader seen in each term. */
  private final Map<Long, Long> leaders = new HashMap<>();
  /** Granted votes delivered, by (candidate, term). */
  private final Map<IndexTerm, Set<Long>> votes = new HashMap<>();
  /** Log matching: what each (index, term) pair holds, and the term of the entry before it. */
  private final Map<IndexTerm, LogPoint> logPoints = new HashMap<>();
  /** Per node, per incarnation: the highest commit index seen. */
  private final Map<Long, Long> commits = new HashMap<>();
  /** The one applied history: entry, state hash after it, first node that applied it, by index. */
  private Entry[] applied = new Entry[64];
  private long[] hashAfter = new long[64];
  private long[] appliedBy = new long[64];
  /** The lowest term of a node that was seen holding each index as committed. */
  private long[] commitTerm = filled(64);
  private long knownIndex;
  private long maxCommit;
  private long maxAcked;
  /** Configuration history of the applied log: the configuration in force from each index on. */
  private final TreeMap<Long, ConfState> confs = new TreeMap<>();
  /** Leader completeness: per leader term, how far its log was checked. */
  private final Map<Long, Long> leaderCheckedThrough = new HashMap<>();
  private final Map<Long, ReadRequest> reads = new HashMap<>();
  private final Map<Long, Boolean> readsReleased = new HashMap<>();

  /**
   * Founders write the initial voters into the log as entries 1..n; a joiner builds its
   * configuration from those entries, so before index n its view may legitimately differ.
   */
  private final long foundingEntries;

  SafetyChecker(ConfState initial) {
    confs.put(0L, initial);
    foundingEntries = initial.voters().size();
  }

  // ---- election safety ----

  /** A granted (real, not pre-) vote for {@code candidate} in {@code term} reached it. */
  void voteDelivered(long candidate, long term, long voter) {
    votes.computeIfAbsent(new IndexTerm(candidate, term), k -> new TreeSet<>()).add(voter);
  }

  /**
   * After every input of a node: at most one leader per term, and a new leader must hold
   * the votes of a quorum of the configuration it uses (its own vote counts if it is a voter).
   */
  void observeRole(long node, long term, Role role, ConfState conf) {
    if (role != Role.LEADER) {
      return;
    }
    Long other = leaders.putIfAbsent(term, node);
    if (other != null && other != node) {
      throw new SimulationFailure("election safety: nodes " + other + " and " + node + " both led term " + term);
    }
    if (other == null) {
      Set<Long> granted = new TreeSet<>(votes.getOrDefault(new IndexTerm(node, term), Set.of()));
      granted.retainAll(conf.voters());
      if (conf.isVoter(node)) {
        granted.add(node);
      }
      if (granted.size() < conf.voters().size() / 2 + 1) {
        throw new SimulationFailure("election: node " + node + " won term " + term + " with the votes of "
            + granted + " only, not a quorum of its configuration " + conf);
      }
    }
  }

  int leaderTerms() {
    return leaders.size();
  }

  // ---- commit monotonicity, durable votes ----

  /** A node (re)started with the commit index it recovered; a new incarnation. */
  void nodeStarted(long node, long commit) {
    commits.put(node, commit);
  }

  void observeCommit(long node, long commit, long term) {
    long before = commits.getOrDefault(node, 0L);
    if (commit < before) {
      throw new SimulationFailure("commit monotonicity: node " + node + "'s commit index went from " + before
          + " back to " + commit);
    }
    if (commit > before) {
      grow(commit);
      for (long i = before + 1; i <= commit; i++) {
        commitTerm[(int) i] = Math.min(commitTerm[(int) i], term);
      }
      commits.put(node, commit);
      maxCommit = Math.max(maxCommit, commit);
    }
  }

  void observeHardState(long node, HardState before, HardState after) {
    if (after.term() < before.term()) {
      throw new SimulationFailure("durable term: node " + node + " persisted term " + after.term()
          + " after term " + before.term());
    }
    if (after.term() == before.term() && before.vote() != RaftCore.NONE && after.vote() != before.vote()) {
      throw new SimulationFailure("vote safety: node " + node + " persisted a vote for " + before.vote()
          + " then for " + after.vote() + " in term " + after.term());
    }
    if (after.commit() < before.commit()) {
      throw new SimulationFailure("commit monotonicity: node " + node + " persisted commit " + after.commit()
          + " after commit " + before.commit());
    }
  }

  // ---- log matching ----

  /** Entries that just became part of a node's log, which {@code log} now reflects. */
  void observeLogEntries(long node, List<Entry> entries, MemoryRaftStorage log) {
    for (Entry e : entries) {
      long prevTerm = log.termOrMissing(e.index() - 1);
      LogPoint mine = new LogPoint(e, prevTerm, node);
      LogPoint seen = logPoints.putIfAbsent(new IndexTerm(e.index(), e.term()), mine);
      if (seen != null && (!seen.entry().equals(e) || seen.prevTerm() != prevTerm)) {
        throw new SimulationFailure("log matching: node " + node + " holds " + e + " after an entry of term "
            + prevTerm + ", node " + seen.node() + " held " + seen.entry() + " after an entry of term "
            + seen.prevTerm());
      }
    }
  }

  // ---- leader completeness ----

  /** A node that leads {@code term} has this log: it must hold every entry committed in an earlier term. */
  void observeLeaderLog(long node, long term, MemoryRaftStorage log) {
    long from = leaderCheckedThrough.getOrDefault(term, 0L) + 1;
    for (long i = Math.max(from, log.firstIndex()); i <= knownIndex; i++) {
      Entry e = applied[(int) i];
      if (e != null && commitTerm[(int) i] < term && log.termOrMissing(i) != e.term()) {
        throw new SimulationFailure("leader completeness: " + e + ", committed by term " + commitTerm[(int) i]
            + " (applied first by node " + appliedBy[(int) i] + "), is missing from the log of node " + node
            + ", leader of term " + term + " (its log has term " + log.termOrMissing(i) + " there and ends at "
            + log.lastIndex() + ")");
      }
    }
    leaderCheckedThrough.put(term, Math.max(from - 1, knownIndex));
  }

  // ---- state machine safety ----

  void observeApplied(long node, Entry e, long hash) {
    int i = (int) e.index();
    grow(i);
    Entry first = applied[i];
    if (first == null) {
      applied[i] = e;
      hashAfter[i] = hash;
      appliedBy[i] = node;
      knownIndex = Math.max(knownIndex, i);
      if (e.type() == Entry.Type.CONF_CHANGE) {
        confs.put((long) i, confAt(i - 1).apply(ConfChange.decode(e.data())));
      }
    } else if (!first.equals(e)) {
      throw new SimulationFailure("state machine safety: node " + node + " applied " + e + " at index " + i
          + " but node " + appliedBy[i] + " applied " + first + " there");
    } else if (hashAfter[i] != hash) {
      throw new SimulationFailure("state machine safety: after index " + i + " node " + node
          + "'s state differs from node " + appliedBy[i] + "'s (an entry was skipped or applied twice)");
    }
  }

  /** A node's state machine was replaced by a snapshot's, at {@code index}. */
  void observeRestore(long node, long index, long hash) {
    boolean known = index == 0 || index <= knownIndex && applied[(int) index] != null;
    long expected = index == 0 ? 0 : known ? hashAfter[(int) index] : 0;
    if (!known || hash != expected) {
      throw new SimulationFailure("state machine safety: node " + node + " restored a snapshot at index " + index
          + " whose state " + (known ? "differs from the applied history there" : "no node ever applied"));
    }
  }

  /** A snapshot's metadata must agree with the applied log at its index. */
  void observeSnapshotMeta(long node, SnapshotMeta meta) {
    long i = meta.index();
    if (i == 0 || i > knownIndex || applied[(int) i] == null) {
      return;
    }
    if (applied[(int) i].term() != meta.term() || i >= foundingEntries && !confAt(i).equals(meta.confState())) {
      throw new SimulationFailure("snapshot metadata: node " + node + " has " + meta + " but the applied log has "
          + applied[(int) i] + " and configuration " + confAt(i) + " there");
    }
  }

  /** The configuration a node uses must be the committed one at some index in [applied, commit]. */
  void observeConf(long node, ConfState conf, long appliedIndex, long commit) {
    if (appliedIndex < foundingEntries || commit > knownIndex || conf.equals(confAt(appliedIndex))) {
      return;
    }
    if (!confs.subMap(appliedIndex, false, commit, true).containsValue(conf)) {
      throw new SimulationFailure("configuration: node " + node + " uses " + conf + " but the committed log gives "
          + confAt(appliedIndex) + " at its applied index " + appliedIndex + " (commit " + commit + ", changes "
          + confs.subMap(appliedIndex, false, commit, true) + ")");
    }
  }

  ConfState confAt(long index) {
    return confs.floorEntry(index).getValue();
  }

  /** The highest index whose committed entry is known (some node applied it). */
  long knownIndex() {
    return knownIndex;
  }

  Entry appliedAt(long index) {
    return index <= knownIndex ? applied[(int) index] : null;
  }

  // ---- linearizable reads ----

  void acknowledged(long index) {
    maxAcked = Math.max(maxAcked, index);
  }

  void readRequested(long node, long context) {
    reads.put(context, new ReadRequest(node, Math.max(maxCommit, maxAcked), maxCommit, maxAcked));
  }

  /** Returns true the first time a read is released (duplicated responses may release it again). */
  boolean readReleased(long node, ReadState rs) {
    ReadRequest r = reads.get(rs.context());
    if (r == null || r.node() != node) {
      throw new SimulationFailure("read index: node " + node + " released " + rs + " but "
          + (r == null ? "no node requested that context" : "node " + r.node() + " requested it"));
    }
    if (rs.index() < r.minIndex()) {
      throw new SimulationFailure("linearizable read: node " + node + " released " + rs + " but when it was "
          + "requested index " + r.maxCommit() + " was already committed and a write at index " + r.maxAcked()
          + " acknowledged");
    }
    return readsReleased.put(rs.context(), Boolean.TRUE) == null;
  }

  private void grow(long index) {
    if (index < applied.length) {
      return;
    }
    int n = Math.max(applied.length * 2, (int) index + 1);
    applied = Arrays.copyOf(applied, n);
    hashAfter = Arrays.copyOf(hashAfter, n);
    appliedBy = Arrays.copyOf(appliedBy, n);
    int old = commitTerm.length;
    commitTerm = Arrays.copyOf(commitTerm, n);
    Arrays.fill(commitTerm, old, n, Long.MAX_VALUE);
  }

  private static long[] filled(int n) {
    long[] a = new long[n];
    Arrays.fill(a, Long.MAX_VALUE);
    return a;
  }
}
