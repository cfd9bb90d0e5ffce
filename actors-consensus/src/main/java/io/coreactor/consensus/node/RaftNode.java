package io.coreactor.consensus.node;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.coreactor.consensus.CborSerializable;
import io.coreactor.consensus.raft.ConfChange;
import io.coreactor.consensus.raft.ConfState;
import io.coreactor.consensus.raft.PersistentState;
import io.coreactor.consensus.raft.RaftCore;
import io.coreactor.consensus.raft.RaftMessage;
import io.coreactor.consensus.raft.Ready;
import io.coreactor.consensus.raft.Role;
import io.coreactor.consensus.raft.Snapshot;
import io.coreactor.consensus.raft.SoftState;
import io.coreactor.consensus.storage.LevelDbRaftStorage;
import io.coreactor.consensus.storage.RaftStorage;
import io.coreactor.consensus.storage.StorageException;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;

/**
 * One member of a Raft group: owns a {@link RaftCore} and runs its Ready loop (persist on the
 * storage dispatcher, then send, then hand committed entries to the {@link Applier}, then
 * advance; a leader sends its appends before persisting, so that the followers write them
 * while it does), one Ready in flight while new input keeps batching into the next (group commit).
 */
public final class RaftNode extends AbstractBehavior<RaftNode.Command> {

  /** Everything a RaftNode accepts. */
  public sealed interface Command {}

  /** A Raft message from a peer. */
  public record Inbound(RaftMessage message) implements Command, CborSerializable {}

  /** Replicates {@code data}; answered once it is applied, on any member (followers forward it to the leader). */
  public record Propose(byte[] data, ActorRef<ProposeReply> replyTo) implements Command, CborSerializable {}

  /** Adds or removes one member; answered like a proposal once the change is applied. */
  public record ChangeMembership(ConfChange change, ActorRef<ProposeReply> replyTo)
      implements Command, CborSerializable {}

  /** A proposal (or encoded membership change) a follower forwarded to the leader; never forwarded again. */
  public record Forwarded(byte[] data, boolean confChange, ActorRef<ProposeReply> replyTo)
      implements Command, CborSerializable {}

  /**
   * Proposals a follower forwards to its leader in one message (all that reached it in one
   * round of its mailbox), without their proposers' refs: request {@code i} is answered to
   * {@code follower} by tag {@code firstTag + i} in a {@link ForwardedReplies}.
   */
  public record ForwardedBatch(List<Forwarded> requests, long firstTag, ActorRef<Command> follower)
      implements Command, CborSerializable {}

  /** A leader's answers to requests of {@link ForwardedBatch}es, by tag; the follower hands each to its proposer. */
  public record ForwardedReplies(List<ForwardedReply> replies) implements Command, CborSerializable {}

  /** The answer to the forwarded request {@code tag}. */
  public record ForwardedReply(long tag, ProposeReply reply) {}

  /** Linearizable read barrier: answered once the local state machine is current; then read it. */
  public record Read(ActorRef<ReadReply> replyTo) implements Command, CborSerializable {}

  /** Asks for this node's {@link Status}. */
  public record GetStatus(ActorRef<Status> replyTo) implements Command, CborSerializable {}

  /** Asks the leader to hand leadership to node {@code to}; answered when someone else leads. */
  public record TransferLeadership(long to, ActorRef<TransferReply> replyTo) implements Command, CborSerializable {}

  private enum Tick implements Command { INSTANCE }

  /** Sends the requests queued for the leader in this round of the mailbox (see {@link Forwarding}). */
  enum FlushForwards implements Command { INSTANCE }

  /** From {@link Recovering}: storage opened and loaded, or why not. */
  record Recovered(RaftStorage storage, PersistentState state, Throwable failure) implements Command {}

  private record Persisted(Ready ready, Throwable failure) implements Command {}

  /** From storage: the node's own snapshot saved ({@code stored}, null if storage keeps none) or not. */
  record SnapshotSaved(long index, Snapshot stored, Throwable failure) implements Command {}

  /** The latest snapshot with its data left in storage, for the core to hold instead of the data. */
  record SnapshotStored(Snapshot stored) implements Command {}

  private record CommitSaveFailed(Throwable failure) implements Command {}

  private record PeersChanged(Receptionist.Listing listing) implements Command {}

  /** From the Applier: the state machine has applied everything through {@code index}. */
  record AppliedThrough(long index) implements Command {}

  /** From the Applier: the state machine's snapshot after applying {@code index}. */
  record SnapshotTaken(long index, Snapshot.Data data) implements Command {}

  /** From the Applier: encoding the state machine's snapshot at {@code index} failed. */
  record SnapshotFailed(long index, Throwable failure) implements Command {}

  /** The reason of a {@link Dropped}: the request was forwarded to a leader this node lost before it answered. */
  public static final String LEADER_LOST = "outcome unknown: the leader was lost";

  /** The answer to a {@link Propose} or {@link ChangeMembership}. */
  public sealed interface ProposeReply extends CborSerializable {}

  /** The answer to a {@link Read}. */
  public sealed interface ReadReply extends CborSerializable {}

  /** The answer to a {@link TransferLeadership}. */
  public sealed interface TransferReply extends CborSerializable {}

  /** The entry was committed at {@code index} and applied; {@code result} is the state machine's (a ConfChange for membership). */
  public record Applied(long index, @JsonTypeInfo(use = JsonTypeInfo.Id.CLASS) Object result) implements ProposeReply {}

  /** The local state machine has applied at least {@code index}, the read's linearization point. */
  public record ReadReady(long index) implements ReadReply {}

  /** Node {@code leader} leads now. */
  public record LeadershipTransferred(long leader) implements TransferReply {}

  /** Only the leader does this; {@code leader} is the leader as far as this node knows (0: none). */
  public record NotLeader(long leader) implements ProposeReply, TransferReply {}

  /** The request was not carried out, or its outcome is unknown (timeout, lost leadership). */
  public record Dropped(String reason) implements ProposeReply, ReadReply, TransferReply {}

  /** A node's view of its group: applied is the state machine's, snapshotsInstalled counts InstallSnapshots taken. */
  public record Status(long id, long term, long leader, Role role, long commit, long applied, long lastIndex,
                       long snapshotIndex, long snapshotsInstalled, ConfState confState) implements CborSerializable {}

  private final NodeSettings settings;
  private final AsyncStorage storage;
  private final RaftCore core;
  private final Peers peers;
  private final PendingRequests pending;
  private final Router router;
  private final Duration readRetry;
  private final ActorRef<Applier.Command> applier;
  private Ready inFlight;
  private long applied;
  private long snapshotsInstalled;
  private long lastLeader = RaftCore.NONE;
  private final OwnSnapshots snapshots;

  /** A node on LevelDB storage in {@code settings.dataDir()}; see the next method. */
  public static Behavior<Command> create(NodeSettings settings, StateMachine stateMachine) {
    return create(settings, stateMachine, LevelDbRaftStorage::open);
  }

  /**
   * A node that first recovers from storage (opened on the storage dispatcher; the node stops
   * if it cannot open), then serves. A storage failure later restarts it with backoff, which
   * rebuilds everything from what was durably stored.
   */
  public static Behavior<Command> create(NodeSettings settings, StateMachine stateMachine, StorageOpener opener) {
    Behavior<Command> node = Recovering.create(settings, stateMachine, opener);
    return Behaviors.supervise(node).onFailure(StorageException.class,
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(10), 0.2));
  }

  /** The serving mode, once storage was opened and loaded (see {@link Recovering}). */
  static Behavior<Command> serving(ActorContext<Command> context, TimerScheduler<Command> timers,
      NodeSettings settings, StateMachine stateMachine, RaftStorage storage, PersistentState state) {
    return new RaftNode(context, timers, settings, stateMachine, storage, state);
  }

  private RaftNode(ActorContext<Command> context, TimerScheduler<Command> timers, NodeSettings settings,
                   StateMachine stateMachine, RaftStorage storage, PersistentState state) {
    super(context);
    this.settings = settings;
    this.storage = new AsyncStorage(storage, AsyncStorage.executor(context), AsyncStorage.snapshotExecutor(context));
    SplittableRandom random = new SplittableRandom(settings.nodeId() * 0x9E3779B97F4A7C15L ^ System.nanoTime());
    this.core = new RaftCore(settings.raftConfig(), state, random.split());
    this.pending = new PendingRequests(settings.requestTimeout(), random.nextLong(1, Long.MAX_VALUE / 2));
    this.applied = state.snapshot().index();
    this.readRetry = settings.tickInterval().multipliedBy(settings.electionTicks());
    this.peers = new Peers(context, settings.group(), settings.nodeId(), settings.initialCluster(),
        context.messageAdapter(Receptionist.Listing.class, PeersChanged::new));
    this.router = new Router(core, peers, pending,
        new Forwarding(settings.requestTimeout(), random.nextLong(1, Long.MAX_VALUE / 2)), context.getSelf());
    peers.register();
    settings.initialCluster().keySet().forEach(peers::track);
    core.confState().members().forEach(peers::track);
    this.applier = context.spawn(Applier.create(stateMachine, state.snapshot(), context.getSelf()), "applier",
        DispatcherSelector.fromConfig(NodeSettings.STATE_MACHINE_DISPATCHER));
    context.watch(applier);
    this.snapshots = new OwnSnapshots(context, core, this.storage, applier, settings);
    // Fixed rate: under load a fixed delay stretched every tick (by up to a scheduler tick), so
    // election timeouts, counted in ticks, ran long in wall time.
    timers.startTimerAtFixedRate(Tick.INSTANCE, Tick.INSTANCE, settings.tickInterval());
    context.getLog().info("node {} of group {} recovered: term {}, commit {}, last index {}, snapshot {}, {}",
        core.id(), settings.group(), core.term(), core.commitIndex(), core.lastIndex(), core.snapshot().index(), core.confState());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Inbound.class, this::onInbound)
        .onMessage(Propose.class, this::onPropose)
        .onMessage(ChangeMembership.class, this::onChangeMembership)
        .onMessage(Forwarded.class, this::onForwarded)
        .onMessage(ForwardedBatch.class, this::onForwardedBatch)
        .onMessage(ForwardedReplies.class, this::onForwardedReplies)
        .onMessage(FlushForwards.class, f -> onFlushForwards())
        .onMessage(Read.class, this::onRead)
        .onMessage(GetStatus.class, this::onGetStatus)
        .onMessage(TransferLeadership.class, this::onTransferLeadership)
        .onMessage(Tick.class, t -> onTick())
        .onMessage(Persisted.class, this::onPersisted)
        .onMessage(AppliedThrough.class, this::onAppliedThrough)
        .onMessage(SnapshotTaken.class, taken -> { snapshots.taken(taken); return this; })
        .onMessage(SnapshotFailed.class, failed -> { snapshots.failed(failed, applied); return this; })
        .onMessage(SnapshotSaved.class, saved -> { snapshots.saved(saved); return this; })
        .onMessage(SnapshotStored.class, stored -> { snapshots.stored(stored); return this; })
        .onMessage(CommitSaveFailed.class, this::onCommitSaveFailed)
        .onMessage(PeersChanged.class, this::onPeersChanged)
        .onSignal(Terminated.class, this::onApplierStopped)
        .onSignal(PreRestart.class, s -> onStopping("restarting", false))
        .onSignal(PostStop.class, s -> onStopping("stopped", true))
        .build();
  }

  private Behavior<Command> onInbound(Inbound inbound) {
    if (!peers.admits(inbound.message())) {
      return this;   // the fault switch cut this peer off (FaultInjection)
    }
    peers.track(inbound.message().from());   // a joining node learns where its leader is this way
    core.step(inbound.message());
    return afterInput();
  }

  private Behavior<Command> onPropose(Propose propose) {
    return onRequest(new Forwarded(propose.data(), false, propose.replyTo()));
  }

  private Behavior<Command> onChangeMembership(ChangeMembership change) {
    return onRequest(new Forwarded(change.change().encode(), true, change.replyTo()));
  }

  private Behavior<Command> onRequest(Forwarded request) {
    if (!router.route(request, true)) {
      pending.park(request);   // until a leader is known and reachable, or the request times out
    }
    return afterInput();
  }

  private Behavior<Command> onForwarded(Forwarded request) {
    router.route(request, false);
    return afterInput();
  }

  private Behavior<Command> onForwardedBatch(ForwardedBatch batch) {
    router.propose(batch);
    return afterInput();
  }

  private Behavior<Command> onForwardedReplies(ForwardedReplies replies) {
    router.answered(replies);
    return this;
  }

  private Behavior<Command> onFlushForwards() {
    router.flush();
    return afterInput();
  }

  private Behavior<Command> onRead(Read read) {
    pending.addRead(read.replyTo());
    pending.requestReads(core::readIndex, readRetry);
    return afterInput();
  }

  private Behavior<Command> onGetStatus(GetStatus get) {
    get.replyTo().tell(new Status(core.id(), core.term(), core.leader(), core.role(), core.commitIndex(), applied,
        core.lastIndex(), core.snapshot().index(), snapshotsInstalled, core.confState()));
    return this;
  }

  private Behavior<Command> onTransferLeadership(TransferLeadership transfer) {
    if (core.role() != Role.LEADER) {
      transfer.replyTo().tell(new NotLeader(core.leader()));
    } else if (transfer.to() == core.id()) {
      transfer.replyTo().tell(new LeadershipTransferred(core.id()));
    } else {
      pending.addTransfer(transfer.to(), transfer.replyTo());
      core.transferLeadership(transfer.to());
    }
    return afterInput();
  }

  private Behavior<Command> onTick() {
    core.tick();
    pending.requestReads(core::readIndex, readRetry);
    pending.expire();
    router.expire();
    return afterInput();
  }

  private Behavior<Command> onPeersChanged(PeersChanged changed) {
    peers.update(changed.listing());
    return afterInput();
  }

  /** After every input: route requests parked for want of a leader, and start the next Ready. */
  private Behavior<Command> afterInput() {
    if (pending.hasParked() && core.leader() != RaftCore.NONE) {
      pending.routeParked(request -> router.route(request, true));
    }
    while (inFlight == null && core.hasReady()) {
      Ready ready = core.ready();
      if (ready.mustPersist() && !ready.mustSync()) {
        // Only the commit index moved: queue its unsynced write (after every earlier write, on
        // the one storage thread) and go on at once, as etcd does not sync it either.
        ActorRef<Command> self = getContext().getSelf();
        storage.saveCommit(ready).whenComplete((ok, failure) -> {
          if (failure != null) {
            self.tell(new CommitSaveFailed(failure));
          }
        });
        complete(ready, ready.messages());
      } else if (ready.mustPersist()) {
        inFlight = ready;
        // The leader's appends go out now and the followers write them while this node does.
        peers.send(ready.sendableBeforePersist());
        // Not the Void future's null: in dead letters (stopped mid-write) it crashes their logging.
        getContext().pipeToSelf(storage.persist(ready).thenApply(v -> ready),
            (ok, failure) -> new Persisted(ready, failure));
      } else {
        complete(ready, ready.messages());
      }
    }
    return this;
  }

  private Behavior<Command> onPersisted(Persisted persisted) {
    if (persisted.ready() != inFlight) {
      return this;   // written for an earlier incarnation of this actor
    }
    if (persisted.failure() != null) {
      throw new StorageException("node " + core.id() + ": persisting a Ready failed", AsyncStorage.unwrap(persisted.failure()));
    }
    inFlight = null;
    complete(persisted.ready(), persisted.ready().sendAfterPersist());
    return afterInput();
  }

  /** The rest of a persisted Ready: install, send what has not gone yet, apply, release reads, advance. */
  private void complete(Ready ready, List<RaftMessage> unsent) {
    if (ready.softState() != null) {
      onSoftState(ready.softState());
    }
    Snapshot snapshot = ready.snapshot();
    if (snapshot != null) {
      getContext().getLog().info("node {}: installing snapshot at {} term {}", core.id(), snapshot.index(), snapshot.term());
      applier.tell(new Applier.Restore(snapshot));
      snapshotsInstalled++;
      pending.dropProposalsThrough(snapshot.index(), "outcome unknown: the entry was replaced by a snapshot");
    }
    peers.send(unsent);
    if (!ready.committedEntries().isEmpty()) {
      applier.tell(new Applier.Apply(ready.committedEntries(), pending.takeProposals(ready.committedEntries())));
    }
    pending.grantReads(ready.readStates(), applied);
    core.advance(ready);
    core.confState().members().forEach(peers::track);
  }

  private void onSoftState(SoftState soft) {
    getContext().getLog().info("node {}: {} in term {}, leader {}", core.id(), soft.role(), soft.term(), soft.leader());
    if (lastLeader != RaftCore.NONE && soft.leader() != lastLeader) {
      router.leaderLost(lastLeader);
    }
    lastLeader = soft.leader();
    pending.leaderChanged(soft.leader());
  }

  private Behavior<Command> onAppliedThrough(AppliedThrough progress) {
    applied = progress.index();
    pending.releaseReads(applied);
    snapshots.applied(applied);
    return this;
  }

  private Behavior<Command> onCommitSaveFailed(CommitSaveFailed failed) {
    throw new StorageException("node " + core.id() + ": saving the commit index failed",
        AsyncStorage.unwrap(failed.failure()));
  }

  private Behavior<Command> onApplierStopped(Terminated terminated) {
    // The state machine threw: a deterministic bug that a restart would only repeat.
    throw new IllegalStateException("node " + core.id() + ": the state machine failed, stopping");
  }

  private Behavior<Command> onStopping(String why, boolean waitForClose) {
    pending.dropAll("outcome unknown: node " + why);
    router.dropAll("outcome unknown: node " + why);
    // On a stop, wait: the data directory must be free once this actor is gone.
    try {
      CompletableFuture<Void> closed = storage.close();
      if (waitForClose) {
        closed.get(10, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      getContext().getLog().warn("node {}: closing storage failed", core.id(), e);
    }
    return this;
  }

}
