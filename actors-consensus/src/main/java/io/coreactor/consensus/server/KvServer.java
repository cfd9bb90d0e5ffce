package io.coreactor.consensus.server;

import com.typesafe.config.Config;
import io.coreactor.consensus.kv.CompactionRequest;
import io.coreactor.consensus.kv.Event;
import io.coreactor.consensus.kv.KvCommand;
import io.coreactor.consensus.node.NodeSettings;
import io.coreactor.consensus.node.RaftNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.Done;
import org.apache.pekko.actor.InvalidActorNameException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The "kv" subsystem of a node, one etcd member: spawns the Raft group's {@link RaftNode} over
 * a {@link KvStore}, the {@link WatchHub} and the {@link LeaseKeeper}; follows the node's status
 * to tell the keeper who leads; publishes this member's name and client URLs through Raft (etcd's
 * {@code publish}); and, when leading, compacts old revisions if auto compaction is on. The rest
 * of the JVM talks to it through the {@link KvNode} that {@link #start} returns.
 */
public final class KvServer extends AbstractBehavior<KvServer.Command> {

  /** What the server accepts. */
  public sealed interface Command {}

  /** Stops the member; answered once its Raft node, watches and leases have stopped. */
  public record Stop(ActorRef<Done> replyTo) implements Command {}

  private enum StatusTick implements Command { INSTANCE }

  private record StatusReceived(RaftNode.Status status) implements Command {}

  private enum Publish implements Command { INSTANCE }

  private record Published(RaftNode.ProposeReply reply) implements Command {}

  private enum CompactionTick implements Command { INSTANCE }

  private record Compacted(long revision, RaftNode.ProposeReply reply) implements Command {}

  /** The actors a {@link KvNode} talks to, once the server has spawned them. */
  record Parts(ActorRef<RaftNode.Command> raft, ActorRef<WatchHub.Command> watches,
               ActorRef<LeaseKeeper.Command> leases) {}

  private final KvStore store;
  private final LocalMember member;
  private final KvSettings settings;
  private final AutoCompaction compaction;
  private final ActorRef<RaftNode.Command> raft;
  private final ActorRef<LeaseKeeper.Command> keeper;
  private final ActorRef<RaftNode.Status> statusAdapter;
  private ActorRef<Done> stopping;

  /**
   * Starts a member in {@code system}, which must be a Pekko Cluster member at this member's
   * peer address: create it with {@code NodeSettings.fromConfig(config).clusterConfig(name)
   * .withFallback(config)}. Reads {@code coreactor.consensus} and {@code coreactor.kv}.
   */
  public static KvNode start(ActorSystem<?> system, Config config) {
    NodeSettings node = NodeSettings.fromConfig(config);
    KvSettings kv = KvSettings.fromConfig(config);
    Executor executor = system.dispatchers().lookup(DispatcherSelector.fromConfig(KvSettings.CLIENT_DISPATCHER));
    KvStore store = new KvStore(kv.kvConfig(), node.nodeId(), executor);
    LocalMember member = new LocalMember(node, store);
    CompletableFuture<Parts> parts = new CompletableFuture<>();
    Behavior<Command> behavior = create(store, member, kv, executor, parts);
    ActorRef<Command> server;
    try {
      server = system.systemActorOf(behavior, node.group(), Props.empty());
    } catch (InvalidActorNameException e) {
      // A member stopped a moment ago may still hold the name; peers find members through the
      // receptionist, so any name will do (only Peers' fallback, by address and path for
      // members the receptionist does not list, misses a member under another name).
      server = system.systemActorOf(behavior, node.group() + "-" + UUID.randomUUID(), Props.empty());
    }
    return new KvNode(system, server, new Proposer(system, store, member, parts, executor));
  }

  /** The server; {@code parts} is completed with its children as soon as they exist. */
  static Behavior<Command> create(KvStore store, LocalMember member, KvSettings settings, Executor executor,
                                  CompletableFuture<Parts> parts) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers ->
        new KvServer(context, timers, store, member, settings, executor, parts)));
  }

  private KvServer(ActorContext<Command> context, TimerScheduler<Command> timers, KvStore store, LocalMember member,
                   KvSettings settings, Executor executor, CompletableFuture<Parts> parts) {
    super(context);
    this.store = store;
    this.member = member;
    this.settings = settings;
    this.compaction = settings.autoCompaction();
    context.setLoggerName(KvServer.class);
    ActorRef<WatchHub.Command> watches = context.spawn(WatchHub.create(store, member, settings, executor), "watches");
    Feed feed = new Feed(watches);
    store.attach(feed);   // before the Raft node exists, so no apply goes unseen by the watches
    this.raft = context.spawn(RaftNode.create(member.settings(), store), "raft");
    this.keeper = context.spawn(LeaseKeeper.create(store, member, raft), "leases");
    feed.keeper = keeper;   // a lease event before this is moot: nobody leads before the keeper exists
    this.statusAdapter = context.messageAdapter(RaftNode.Status.class, StatusReceived::new);
    parts.complete(new Parts(raft, watches, keeper));
    timers.startTimerWithFixedDelay(StatusTick.INSTANCE, StatusTick.INSTANCE, settings.statusInterval());
    if (compaction.enabled()) {
      timers.startTimerWithFixedDelay(CompactionTick.INSTANCE, CompactionTick.INSTANCE,
          settings.autoCompactionInterval());
    }
    context.getSelf().tell(Publish.INSTANCE);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(StatusTick.class, t -> onStatusTick())
        .onMessage(StatusReceived.class, this::onStatusReceived)
        .onMessage(Publish.class, p -> onPublish())
        .onMessage(Published.class, this::onPublished)
        .onMessage(CompactionTick.class, t -> onCompactionTick())
        .onMessage(Compacted.class, this::onCompacted)
        .onMessage(Stop.class, this::onStop)
        .onSignal(PostStop.class, s -> onPostStop())
        .build();
  }

  /** A tell, not an ask: a status that does not come back is replaced by the next poll's. */
  private Behavior<Command> onStatusTick() {
    raft.tell(new RaftNode.GetStatus(statusAdapter));
    return this;
  }

  private Behavior<Command> onStatusReceived(StatusReceived received) {
    if (member.update(received.status())) {
      keeper.tell(new LeaseKeeper.LeaderChanged(received.status().leader()));
    }
    return this;
  }

  /** etcd's publish: this member's name and client URLs go through Raft, retried until applied. */
  private Behavior<Command> onPublish() {
    NodeSettings node = member.settings();
    MemberAttributes self = new MemberAttributes(member.id(), node.name(), List.of(node.peerUrl()),
        node.clientUrls(), member.initialClusterId());
    byte[] data = InternalRequest.unattended(InternalRequest.Kind.PUBLISH,
        self.toJson().getBytes(StandardCharsets.UTF_8)).encode();
    getContext().ask(RaftNode.ProposeReply.class, raft, node.requestTimeout().plusSeconds(1),
        replyTo -> new RaftNode.Propose(data, replyTo),
        (reply, failure) -> new Published(reply != null ? reply : new RaftNode.Dropped("timeout")));
    return this;
  }

  private Behavior<Command> onPublished(Published published) {
    if (published.reply() instanceof RaftNode.Applied applied) {
      getContext().getLog().info("member {} ({}) published its attributes at index {}",
          MemberIds.hex(member.id()), member.name(), applied.index());
    } else {
      getContext().getLog().debug("publishing failed ({}), retrying", published.reply());
      getContext().scheduleOnce(settings.publishRetry(), getContext().getSelf(), Publish.INSTANCE);
    }
    return this;
  }

  /** etcd's compactors: when leading, keep the last N revisions, or the last period's history. */
  private Behavior<Command> onCompactionTick() {
    if (!member.isLeader()) {
      compaction.reset();
      return this;
    }
    long[] revisions = store.read(kv -> new long[] {kv.revision(), kv.compactRevision()});
    long target = compaction.target(System.currentTimeMillis(), revisions[0], revisions[1]);
    if (target == 0) {
      return this;
    }
    byte[] data = InternalRequest.unattended(InternalRequest.Kind.KV,
        KvCommand.encode(new CompactionRequest(target, false), store.config())).encode();
    // Forwarded: only a node that still leads proposes it.
    getContext().ask(RaftNode.ProposeReply.class, raft, member.settings().requestTimeout().plusSeconds(1),
        replyTo -> new RaftNode.Forwarded(data, false, replyTo),
        (reply, failure) -> new Compacted(target, reply));
    return this;
  }

  private Behavior<Command> onCompacted(Compacted compacted) {
    if (compacted.reply() instanceof RaftNode.Applied) {
      getContext().getLog().info("auto compaction: compacted to revision {}", compacted.revision());
    } else {
      getContext().getLog().debug("auto compaction to {} failed: {}", compacted.revision(), compacted.reply());
    }
    return this;
  }

  private Behavior<Command> onStop(Stop stop) {
    stopping = stop.replyTo();
    return Behaviors.stopped();
  }

  /** Children stop first: once here, the Raft node has closed its storage. */
  private Behavior<Command> onPostStop() {
    if (stopping != null) {
      stopping.tell(Done.getInstance());
    }
    return this;
  }

  /** The store's feed into the hub and the keeper, in apply order. */
  private static final class Feed implements KvStore.Feed {
    private final ActorRef<WatchHub.Command> watches;
    private volatile ActorRef<LeaseKeeper.Command> keeper;

    Feed(ActorRef<WatchHub.Command> watches) {
      this.watches = watches;
    }

    @Override
    public void applied(long revision, List<Event> events) {
      watches.tell(new WatchHub.Applied(revision, events));
    }

    @Override
    public void leaseGranted(long id, long ttl) {
      tellKeeper(new LeaseKeeper.Granted(id, ttl));
    }

    @Override
    public void leaseRevoked(long id) {
      tellKeeper(new LeaseKeeper.Revoked(id));
    }

    @Override
    public void restored() {
      watches.tell(WatchHub.Restored.INSTANCE);
      tellKeeper(LeaseKeeper.Restored.INSTANCE);
    }

    private void tellKeeper(LeaseKeeper.Command command) {
      ActorRef<LeaseKeeper.Command> k = keeper;
      if (k != null) {
        k.tell(command);
      }
    }
  }
}
