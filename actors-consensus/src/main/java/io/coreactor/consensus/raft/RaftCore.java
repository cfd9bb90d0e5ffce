package io.coreactor.consensus.raft;

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
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The Raft algorithm as a deterministic state machine: no threads, no clock, no I/O. Inputs
 * are {@link #tick()}, {@link #step(RaftMessage)} and the client calls; the output is a
 * {@link Ready} batch that the shell persists, sends and applies before calling
 * {@link #advance(Ready)}. Only one Ready may be outstanding at a time; inputs may keep
 * arriving while it is being persisted.
 *
 * <p>This class holds the state, routes inputs by term and role, and builds Ready batches.
 * Each role's rules live in their own class: {@link Follower}, {@link Election} (pre-candidate
 * and candidate, and vote granting), {@link Leader}.
 */
public final class RaftCore {

  /** The id that means "no node". */
  public static final long NONE = 0;

  final RaftConfig config;
  final long id;
  private final RandomGenerator random;
  final RaftLog log;

  long term;
  long vote;
  long lead = NONE;
  Role role = Role.FOLLOWER;
  ConfState conf;
  private final ConfHistory confHistory;
  /** The latest snapshot, sent to followers that fell behind the compacted log. */
  Snapshot snapshot;

  int electionElapsed;
  int heartbeatElapsed;
  private int randomizedElectionTimeout;

  /** Non-null only while leading. */
  Leader leader;
  private final Election election = new Election(this);
  private final Follower follower = new Follower(this);

  final List<RaftMessage> outbox = new ArrayList<>();
  final List<ReadState> readStates = new ArrayList<>();
  /** A snapshot received from the leader that the shell must persist and restore. */
  Snapshot pendingSnapshot;
  private final ReadyTracker readyTracker;
  /** Conf-change entries up to here have taken effect. */
  long confAppliedIndex;

  /**
   * @param config tunables and this node's id
   * @param state what was recovered from stable storage (the bootstrap snapshot for a new member)
   * @param random the source of randomized election timeouts; seeded in simulation
   */
  public RaftCore(RaftConfig config, PersistentState state, RandomGenerator random) {
    this.config = config;
    this.id = config.id();
    this.random = random;
    Snapshot snap = state.snapshot() != null ? state.snapshot()
        : new Snapshot(SnapshotMeta.EMPTY, new byte[0]);
    HardState hs = state.hardState();
    this.snapshot = snap;
    this.log = new RaftLog(snap.meta(), state.entries(), hs.commit());
    this.term = hs.term();
    this.vote = hs.vote();
    this.conf = snap.meta().confState();
    this.confHistory = new ConfHistory(snap.index(), conf);
    boolean founding = hs.isEmpty() && snap.index() == 0 && state.entries().isEmpty() && !conf.voters().isEmpty();
    if (founding) {
      // Identical on every founder, as etcd does, so a member added later learns the whole
      // configuration by replicating the log.
      log.appendFoundingVoters(conf);
      term = 1;
    }
    // Membership changes committed after the snapshot are in force already.
    for (long i = log.firstIndex(); i <= log.committed; i++) {
      Entry e = log.entry(i);
      if (e.type() == Entry.Type.CONF_CHANGE) {
        applyConfChange(ConfChange.decode(e.data()), i);
      }
    }
    this.confAppliedIndex = log.committed;
    resetTimers();
    this.readyTracker = new ReadyTracker(this, founding);
  }

  // ---------------------------------------------------------------- inputs

  /** Advances logical time by one tick: election timeouts, heartbeats, check-quorum. */
  public void tick() {
    if (role == Role.LEADER) {
      leader.tick();
      return;
    }
    electionElapsed++;
    if (promotable() && electionElapsed >= randomizedElectionTimeout) {
      electionElapsed = 0;
      campaign();
    }
  }

  /** Takes one message from a peer. Messages not addressed to this node are ignored. */
  public void step(RaftMessage m) {
    if (m.to() != id || m.from() == id) {
      return;
    }
    if (m instanceof RequestVoteResponse r && r.commitIndex() > log.committed
        && log.matchTerm(r.commitIndex(), r.commitTerm())) {
      // The voter's entry there is committed and is the same as ours: so ours is committed.
      log.commitTo(r.commitIndex());
    }
    if (m.term() > term) {
      if (m instanceof RequestVote rv) {
        boolean inLease = config.checkQuorum() && lead != NONE && electionElapsed < config.electionTick();
        if (inLease && !rv.transfer()) {
          return; // a leader was heard from recently: do not let this node disrupt it
        }
        if (!rv.preVote()) {
          becomeFollower(m.term(), NONE);
        }
      } else if (m instanceof RequestVoteResponse r && r.preVote() && r.granted()) {
        // granted pre-votes carry the term we would campaign in: no step down
      } else if (m instanceof AppendEntries || m instanceof Heartbeat || m instanceof InstallSnapshot) {
        becomeFollower(m.term(), m.from());
      } else {
        becomeFollower(m.term(), NONE);
      }
    } else if (m.term() < term) {
      if ((config.checkQuorum() || config.preVote()) && (m instanceof AppendEntries || m instanceof Heartbeat)) {
        // A stale leader, maybe cut off and come back: our higher term makes it step down.
        send(new AppendEntriesResponse(id, m.from(), term, false, 0, 0, 0, 0));
      } else if (m instanceof RequestVote rv && rv.preVote()) {
        send(election.voteResponse(m.from(), term, false, true));
      }
      return;
    }
    if (m instanceof RequestVote rv) {
      election.handleVoteRequest(rv);
      return;
    }
    switch (role) {
      case LEADER -> leader.step(m);
      case CANDIDATE, PRE_CANDIDATE -> {
        if (!election.step(m)) {
          becomeFollower(term, m.from()); // a leader won this term
          follower.step(m);
        }
      }
      case FOLLOWER -> follower.step(m);
    }
  }

  /** Appends a client payload when leading; refused otherwise or during a leadership transfer. */
  public ProposeResult propose(byte[] data) {
    if (role != Role.LEADER) {
      return ProposeResult.refused(lead, "not leader");
    }
    return leader.propose(Entry.Type.NORMAL, data);
  }

  /** Appends a membership change when leading and no other change is still uncommitted. */
  public ProposeResult proposeConfChange(ConfChange change) {
    if (role != Role.LEADER) {
      return ProposeResult.refused(lead, "not leader");
    }
    if (leader.pendingConfIndex > confAppliedIndex) {
      return ProposeResult.refused(id, "another membership change is in progress");
    }
    ConfState next = conf.apply(change);
    if (next.voters().isEmpty()) {
      return ProposeResult.refused(id, "cannot remove the last voter");
    }
    if (next.equals(conf)) {
      return ProposeResult.refused(id, "membership change changes nothing");
    }
    ProposeResult r = leader.propose(Entry.Type.CONF_CHANGE, change.encode());
    if (r.accepted()) {
      leader.pendingConfIndex = r.index();
      if (change.type() == ConfChange.Type.REMOVE) {
        leader.abortTransferTo(change.nodeId()); // it must not campaign while being removed
      }
    }
    return r;
  }

  /**
   * Asks for a linearizable read index. When granted, a {@link ReadState} with this context
   * appears in a later Ready. Returns false when no leader is known (retry later).
   */
  public boolean readIndex(long context) {
    if (role == Role.LEADER) {
      leader.readIndex(id, context);
      return true;
    }
    if (lead == NONE || role != Role.FOLLOWER) {
      return false;
    }
    send(new ReadIndexRequest(id, lead, term, context));
    return true;
  }

  /** Asks the leader to hand leadership to {@code to} (leader only; ignored elsewhere). */
  public void transferLeadership(long to) {
    if (role == Role.LEADER) {
      leader.transferTo(to);
    }
  }

  /** Starts an election now (pre-vote first when enabled), as if the election timeout elapsed. */
  public void campaign() {
    if (!promotable() || role == Role.LEADER) {
      return;
    }
    election.start(config.preVote(), false);
  }

  // ---------------------------------------------------------------- output

  /** True when {@link #ready()} has something to do. */
  public boolean hasReady() {
    return readyTracker.hasReady();
  }

  /** Collects what must be persisted, sent, applied and released since the last Ready. */
  public Ready ready() {
    return readyTracker.ready();
  }

  /** Acknowledges that a Ready from {@link #ready()} was fully persisted, sent and handed to the state machine. */
  public void advance(Ready ready) {
    readyTracker.advance(ready);
  }

  /** The committed entries not handed out yet, with the membership changes among them in force. */
  List<Entry> takeCommitted() {
    List<Entry> committed = log.takeCommitted();
    for (Entry e : committed) {
      if (e.type() == Entry.Type.CONF_CHANGE && e.index() > confAppliedIndex) {
        applyConfChange(ConfChange.decode(e.data()), e.index());
      }
    }
    if (!committed.isEmpty()) {
      confAppliedIndex = Math.max(confAppliedIndex, committed.get(committed.size() - 1).index());
    }
    return committed;
  }

  /**
   * Records a snapshot the state machine took after applying {@code index} and compacts the
   * in-memory log through it. Returns the snapshot with its term and configuration filled in,
   * for the shell to store ({@code RaftStorage.saveSnapshot}), or null when the log is
   * already compacted at or past {@code index} (a snapshot from the leader got there first).
   */
  public Snapshot createSnapshot(long index, Snapshot.Data data) {
    if (index <= snapshot.index()) {
      return null;
    }
    if (index > log.applied) {
      throw new IllegalArgumentException("snapshot at " + index + " is past the applied index " + log.applied);
    }
    SnapshotMeta meta = new SnapshotMeta(index, log.term(index), confHistory.at(index));
    snapshot = new Snapshot(meta, data);
    log.compact(index);
    confHistory.compactTo(index);
    return snapshot;
  }

  // ---------------------------------------------------------------- observers

  public long id() {
    return id;
  }

  public long term() {
    return term;
  }

  public long leader() {
    return lead;
  }

  public Role role() {
    return role;
  }

  public long commitIndex() {
    return log.committed;
  }

  /** The last index handed to the state machine through a Ready that was advanced. */
  public long appliedIndex() {
    return log.applied;
  }

  public long firstIndex() {
    return log.firstIndex();
  }

  public long lastIndex() {
    return log.lastIndex();
  }

  /** The term of the entry at {@code index}, or -1 when it is compacted away or not in the log. */
  public long termAt(long index) {
    return log.term(index);
  }

  /** The configuration in force (changes take effect when committed). */
  public ConfState confState() {
    return conf;
  }

  public HardState hardState() {
    return new HardState(term, vote, log.committed);
  }

  /**
   * The shell stored the latest snapshot: its data is read from storage from now on, when a
   * follower needs it, instead of being kept in memory. Ignored unless it is the latest.
   */
  public void snapshotStored(Snapshot stored) {
    if (stored.meta().equals(snapshot.meta())) {
      snapshot = stored;
    }
  }

  /** The latest snapshot this node holds (the bootstrap snapshot at index 0 at first). */
  public Snapshot snapshot() {
    return snapshot;
  }

  @Override
  public String toString() {
    return "RaftCore[" + id + " " + role + " t" + term + " lead=" + lead + " commit=" + log.committed
        + " last=" + log.lastIndex() + "]";
  }

  // ---------------------------------------------------------------- roles

  SoftState softState() {
    return new SoftState(lead, role, term);
  }

  boolean promotable() {
    return conf.isVoter(id);
  }

  void becomeFollower(long newTerm, long newLead) {
    reset(newTerm);
    role = Role.FOLLOWER;
    lead = newLead;
  }

  /** TimeoutNow: campaign at once, skipping pre-vote, in an election voters may not ignore. */
  void startTransferElection() {
    election.start(false, true);
  }

  void becomeLeader() {
    reset(term);
    role = Role.LEADER;
    lead = id;
    leader = new Leader(this);
    leader.start();
  }

  void reset(long newTerm) {
    if (newTerm != term) {
      term = newTerm;
      vote = NONE;
    }
    lead = NONE;
    election.clearVotes();
    if (leader != null) {
      leader.stop();
      leader = null;
    }
    resetTimers();
  }

  private void resetTimers() {
    electionElapsed = 0;
    heartbeatElapsed = 0;
    randomizedElectionTimeout = config.electionTick() + random.nextInt(config.electionTick());
  }

  /** A snapshot from the leader replaced the log: its configuration is the one in force. */
  void resetConf(SnapshotMeta meta) {
    conf = meta.confState();
    confHistory.resetTo(meta.index(), conf);
    confAppliedIndex = meta.index();
  }

  private void applyConfChange(ConfChange change, long index) {
    conf = conf.apply(change);
    confHistory.record(index, conf);
    if (leader != null) {
      leader.onConfChanged(change);
    } else if (role == Role.CANDIDATE || role == Role.PRE_CANDIDATE) {
      election.onConfChanged();
    }
  }



  void send(RaftMessage m) {
    outbox.add(m);
  }
}
