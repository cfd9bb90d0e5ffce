package io.coreactor.consensus.raft.sim;

import io.coreactor.consensus.raft.ConfState;
import io.coreactor.consensus.raft.Entry;
import io.coreactor.consensus.raft.HardState;
import io.coreactor.consensus.raft.PersistentState;
import io.coreactor.consensus.raft.RaftConfig;
import io.coreactor.consensus.raft.RaftCore;
import io.coreactor.consensus.raft.RaftMessage;
import io.coreactor.consensus.raft.ReadState;
import io.coreactor.consensus.raft.Ready;
import io.coreactor.consensus.raft.Role;
import io.coreactor.consensus.raft.Snapshot;
import io.coreactor.consensus.storage.MemoryRaftStorage;
import java.util.List;
import java.util.Random;

/**
 * One simulated server: a {@link RaftCore} over a {@link MemoryRaftStorage} "disk" and a
 * {@link SimStateMachine}, driven through the Ready loop the way the actor shell drives it.
 * A Ready may stay pending (being "persisted") while inputs keep arriving; a crash loses the
 * core, the pending Ready and the state machine, and keeps only the disk. A Ready that only
 * moves the commit index is written unsynced, as the shell writes it: a crash before the next
 * synced write loses that commit index from the disk.
 */
final class SimNode {

  /** What the node's Ready loop reports to the clients. */
  interface Listener {
    void applied(SimNode node, Entry entry);

    void snapshotRestored(SimNode node, long index);

    void readReleased(SimNode node, ReadState readState);
  }

  final long id;
  private final RaftConfig config;
  private final SafetyChecker checker;
  private final SimTrace trace;
  private final MemoryRaftStorage disk = new MemoryRaftStorage();
  private RaftCore core;
  /** The core's log as its Readies described it so far (the core's in-memory log at the last ready()). */
  private MemoryRaftStorage shadow;
  private SimStateMachine stateMachine;
  private Ready pending;
  /** The disk's hard state as of its last synced write. */
  private HardState syncedHard;
  /** An unsynced commit index was written after {@link #syncedHard}: a crash loses it. */
  private boolean commitUnsynced;
  private int incarnation;
  /** Stopped for good: removed from the cluster (an operator shut it down). */
  boolean retired;
  /** Step at which a crashed node comes back. */
  long restartAt;
  /** Sabotage, for the test that the simulation catches a broken shell: send before the write is durable. */
  boolean sendBeforePersist;

  SimNode(long id, RaftConfig config, ConfState bootstrap, SafetyChecker checker, SimTrace trace) {
    this.id = id;
    this.config = config;
    this.checker = checker;
    this.trace = trace;
    disk.bootstrap(bootstrap);
  }

  /** Starts (or restarts) the node from what its disk holds. */
  void start(long seed) {
    PersistentState ps = disk.load();
    core = new RaftCore(config, ps, new Random(seed));
    shadow = MemoryRaftStorage.of(ps);
    stateMachine = restore(ps.snapshot());
    pending = null;
    syncedHard = ps.hardState();
    commitUnsynced = false;
    incarnation++;
    checker.nodeStarted(id, ps.hardState().commit());
    if (trace.enabled()) {
      trace.add("node " + id + " starts (#" + incarnation + ") from " + ps.snapshot() + " + " + ps.entries().size()
          + " entries, " + ps.hardState());
    }
    observe();
  }

  /** The process dies: everything not on the disk is gone, including a Ready being persisted. */
  void crash() {
    if (trace.enabled()) {
      trace.add("node " + id + " CRASHES" + (pending != null ? " losing " + describe(pending) : ""));
    }
    if (commitUnsynced) {
      disk.saveHardState(syncedHard);   // the unsynced commit index never reached the platter
      commitUnsynced = false;
      if (trace.enabled()) {
        trace.add("node " + id + " loses its unsynced commit index, back to " + syncedHard);
      }
    }
    core = null;
    shadow = null;
    stateMachine = null;
    pending = null;
  }

  boolean up() {
    return core != null;
  }

  RaftCore core() {
    return core;
  }

  SimStateMachine stateMachine() {
    return stateMachine;
  }

  MemoryRaftStorage disk() {
    return disk;
  }

  int incarnation() {
    return incarnation;
  }

  boolean hasPendingReady() {
    return pending != null;
  }

  boolean isLeader() {
    return core != null && core.role() == Role.LEADER;
  }

  /** Checks what must hold after every input the core takes. */
  void observe() {
    checker.observeRole(id, core.term(), core.role(), core.confState());
    checker.observeCommit(id, core.commitIndex(), core.term());
  }

  void step(RaftMessage m) {
    core.step(m);
    observe();
  }

  void tick() {
    core.tick();
    observe();
  }

  /**
   * Takes the next Ready, if there is one and none is pending; it stays pending until
   * {@link #completeReady}. As the shell does, a Ready to be synced sends its replication
   * messages at once ({@link Ready#sendableBeforePersist}): a crash before the write is
   * done then loses entries the followers already have.
   */
  boolean takeReady(long now, SimNetwork network) {
    if (pending != null || !core.hasReady()) {
      return false;
    }
    Ready rd = core.ready();
    if (trace.enabled()) {
      trace.add("node " + id + " ready " + describe(rd));
    }
    if (rd.snapshot() != null) {
      if (rd.snapshot().index() <= stateMachine.appliedIndex()) {
        throw new SimulationFailure("Ready contract: node " + id + " was handed " + rd.snapshot()
            + " but its state machine already applied index " + stateMachine.appliedIndex());
      }
      checker.observeSnapshotMeta(id, rd.snapshot().meta());
    }
    shadow.persist(rd.snapshot(), rd.entries(), null);
    if (core.role() == Role.LEADER) {
      checker.observeLeaderLog(id, core.term(), shadow);
    }
    pending = rd;
    if (!sendBeforePersist && rd.mustSync()) {
      send(rd.sendableBeforePersist(), now, network);
    }
    return true;
  }

  /**
   * Finishes the pending Ready in the contract's order: persist, send, apply, release reads,
   * advance. With {@code crashAfterPersist} the node dies right after the write.
   */
  void completeReady(long now, SimNetwork network, Listener listener, boolean crashAfterPersist) {
    Ready rd = pending;
    if (sendBeforePersist) {
      send(rd.messages(), now, network);
      if (crashAfterPersist) {
        crash();
        return;
      }
    }
    HardState before = disk.hardState();
    if (rd.mustSync() || !rd.mustPersist()) {
      disk.persist(rd.snapshot(), rd.entries(), rd.hardState());
      syncedHard = disk.hardState();
      commitUnsynced = false;
    } else {
      if (!rd.entries().isEmpty() || rd.snapshot() != null || rd.hardState().term() != before.term()
          || rd.hardState().vote() != before.vote()) {
        throw new SimulationFailure("Ready contract: node " + id + " was told not to sync " + describe(rd));
      }
      disk.saveCommit(rd.hardState());
      commitUnsynced = true;
    }
    // Log matching is checked on what reached the disk: only that can ever be sent or counted.
    // (A single voter leads before its new term is durable, so after a crash it may lead that
    // term again and reuse an index for a different entry that nobody ever saw.)
    checker.observeLogEntries(id, rd.entries(), disk);
    if (rd.hardState() != null) {
      checker.observeHardState(id, before, rd.hardState());
    }
    if (crashAfterPersist) {
      crash();
      return;
    }
    if (rd.snapshot() != null) {
      stateMachine = restore(rd.snapshot());
      listener.snapshotRestored(this, rd.snapshot().index());
    }
    if (!sendBeforePersist) {
      send(rd.mustSync() ? rd.sendAfterPersist() : rd.messages(), now, network);
    }
    for (Entry e : rd.committedEntries()) {
      stateMachine.apply(id, e);
      checker.observeApplied(id, e, stateMachine.hash());
      listener.applied(this, e);
    }
    for (ReadState rs : rd.readStates()) {
      listener.readReleased(this, rs);
    }
    core.advance(rd);
    pending = null;
    if (core.appliedIndex() != stateMachine.appliedIndex()) {
      throw new SimulationFailure("Ready contract: node " + id + " reports appliedIndex " + core.appliedIndex()
          + " after advance but its state machine was handed entries through " + stateMachine.appliedIndex());
    }
    observe();
    checker.observeConf(id, core.confState(), core.appliedIndex(), core.commitIndex());
  }

  private void send(List<RaftMessage> messages, long now, SimNetwork network) {
    for (RaftMessage m : messages) {
      if (m.from() != id || m.to() == id || m.to() == RaftCore.NONE) {
        throw new SimulationFailure("Ready contract: node " + id + " sends " + m);
      }
      network.send(m, now);
    }
  }

  /** Takes a snapshot of the state machine at its applied index, as the shell does periodically. */
  boolean snapshot() {
    long index = stateMachine.appliedIndex();
    // A snapshot received from the leader but not yet handed out in a Ready is newer than the
    // state machine: createSnapshot would return that one, which the disk cannot take yet.
    if (pending != null || index <= disk.snapshot().index() || index <= core.snapshot().index()) {
      return false;
    }
    Snapshot snap = core.createSnapshot(index, Snapshot.Data.of(stateMachine.serialize()));
    if (snap.index() != index) {
      throw new SimulationFailure("createSnapshot: node " + id + " asked for index " + index + ", got " + snap);
    }
    checker.observeSnapshotMeta(id, snap.meta());
    disk.saveSnapshot(snap);
    shadow.saveSnapshot(snap);
    if (trace.enabled()) {
      trace.add("node " + id + " snapshot " + snap.meta());
    }
    return true;
  }

  private SimStateMachine restore(Snapshot snap) {
    SimStateMachine sm = SimStateMachine.restore(snap.data());
    if (sm.appliedIndex() != snap.index()) {
      throw new SimulationFailure("snapshot: node " + id + " got " + snap + " whose data is the state at index "
          + sm.appliedIndex());
    }
    checker.observeRestore(id, snap.index(), sm.hash());
    return sm;
  }

  String status() {
    if (retired) {
      return "node " + id + " retired";
    }
    if (core == null) {
      return "node " + id + " down";
    }
    return "node " + id + " " + core.role() + " term " + core.term() + " leader " + core.leader() + " commit "
        + core.commitIndex() + " applied " + core.appliedIndex() + " log [" + core.firstIndex() + ", "
        + core.lastIndex() + "] " + core.confState() + (pending != null ? " (Ready pending)" : "");
  }

  private static String describe(Ready rd) {
    StringBuilder b = new StringBuilder();
    if (rd.softState() != null) {
      b.append(rd.softState()).append(' ');
    }
    if (rd.hardState() != null) {
      b.append(rd.hardState()).append(' ');
    }
    if (rd.snapshot() != null) {
      b.append(rd.snapshot()).append(' ');
    }
    if (!rd.entries().isEmpty()) {
      b.append("entries ").append(rd.entries()).append(' ');
    }
    if (!rd.committedEntries().isEmpty()) {
      b.append("apply [").append(rd.committedEntries().get(0).index()).append("..")
          .append(rd.committedEntries().get(rd.committedEntries().size() - 1).index()).append("] ");
    }
    if (!rd.readStates().isEmpty()) {
      b.append("reads ").append(rd.readStates()).append(' ');
    }
    for (RaftMessage m : rd.messages()) {
      b.append("\n          send ").append(m);
    }
    return b.toString();
  }
}
