package io.coreactor.consensus.server;

import io.coreactor.consensus.CborSerializable;
import io.coreactor.consensus.kv.KvCommand;
import io.coreactor.consensus.kv.Lease;
import io.coreactor.consensus.kv.LeaseRevokeRequest;
import io.coreactor.consensus.node.NodeSettings;
import io.coreactor.consensus.node.RaftNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * The clock side of leases (etcd's lessor): only the leader's keeper times them, with one keyed
 * timer per lease, and proposes a {@code LeaseRevokeRequest} when one expires, so every replica
 * deletes the same keys at the same revision. Keepers on followers forward keep-alives and TTL
 * questions to the leader's keeper, found through the receptionist. A keeper that becomes leader
 * gives every existing lease a fresh TTL, as etcd's lessor does on promotion.
 */
public final class LeaseKeeper {

  /** What a keeper accepts. */
  public sealed interface Command {}

  /** Renews a lease for its granted TTL; {@code forwarded} when a follower's keeper sent it on. */
  public record KeepAlive(long leaseId, boolean forwarded, ActorRef<Reply> replyTo)
      implements Command, CborSerializable {}

  /** Asks for a lease's remaining TTL as the leader times it. */
  public record TimeToLive(long leaseId, boolean forwarded, ActorRef<Reply> replyTo)
      implements Command, CborSerializable {}

  /** The answer to a {@link KeepAlive} or {@link TimeToLive}. */
  public sealed interface Reply extends CborSerializable {}

  /** The lease's TTL in seconds: granted after a keep-alive, remaining for TimeToLive; -1 when it does not exist. */
  public record Remaining(long leaseId, long ttl) implements Reply {}

  /** No leader's keeper could be reached; {@code leader} is the leader as far as this member knows. */
  public record NoLeader(long leader) implements Reply {}

  /** From the server: the member now sees {@code leader} as leader (0: none). */
  record LeaderChanged(long leader) implements Command {}

  /** From the store: a lease was granted. */
  record Granted(long leaseId, long ttl) implements Command {}

  /** From the store: a lease was revoked. */
  record Revoked(long leaseId) implements Command {}

  /** From the store: its whole state was replaced. */
  enum Restored implements Command { INSTANCE }

  private record Expired(long leaseId) implements Command {}

  private record RevokeAnswered(long leaseId, RaftNode.ProposeReply reply) implements Command {}

  private record KeepersChanged(Receptionist.Listing listing) implements Command {}

  private record TimerKey(long leaseId) {}

  private static final Duration REVOKE_RETRY = Duration.ofSeconds(1);

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final KvStore store;
  private final LocalMember member;
  private final ActorRef<RaftNode.Command> raft;
  private final ActorRef<Receptionist.Listing> listings;
  private final Map<Long, ServiceKey<Command>> subscribed = new HashMap<>();
  private final Map<Long, ActorRef<Command>> keepers = new HashMap<>();
  /** The founding members' keepers at their peer addresses, for while the receptionist lists nothing for them. */
  private final Map<Long, ActorRef<Command>> byAddress = new HashMap<>();
  /** Leading only: when each lease expires, System.nanoTime based. */
  private final Map<Long, Long> deadlines = new HashMap<>();
  /** Leading only: expired leases whose revocation is proposed (and retried until it applies). */
  private final Set<Long> revoking = new HashSet<>();
  private long leader;

  static Behavior<Command> create(KvStore store, LocalMember member, ActorRef<RaftNode.Command> raft) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers ->
        new LeaseKeeper(context, timers, store, member, raft).following()));
  }

  /** The receptionist key of member {@code id}'s keeper. */
  static ServiceKey<Command> serviceKey(long id) {
    return ServiceKey.create(Command.class, "kv-leases-" + id);
  }

  private LeaseKeeper(ActorContext<Command> context, TimerScheduler<Command> timers, KvStore store,
                      LocalMember member, ActorRef<RaftNode.Command> raft) {
    this.context = context;
    context.setLoggerName(LeaseKeeper.class);
    this.timers = timers;
    this.store = store;
    this.member = member;
    this.raft = raft;
    this.listings = context.messageAdapter(Receptionist.Listing.class, KeepersChanged::new);
    context.getSystem().receptionist().tell(Receptionist.register(serviceKey(member.id()), context.getSelf()));
    // The receptionist learns of keepers by gossip, seconds after they start: until then a
    // follower's keep-alives found no leader's keeper, and a lease kept alive through a leader
    // crash expired (KvFailoverTest failed about one run in three). As Peers does for Raft.
    ActorRefResolver resolver = ActorRefResolver.get(context.getSystem());
    String path = context.getSelf().path().toStringWithoutAddress();
    member.settings().initialCluster().forEach((id, url) -> {
      if (id != member.id()) {
        Address address = new Address("pekko", context.getSystem().name(), NodeSettings.hostOf(url),
            NodeSettings.portOf(url));
        byAddress.put(id, resolver.resolveActorRef(address + path));
      }
    });
  }

  /** Not leading: questions go to the leader's keeper; lease events are the leader's business. */
  private Behavior<Command> following() {
    return Behaviors.receive(Command.class)
        .onMessage(KeepAlive.class, k -> forward(k, k.forwarded(), k.replyTo(), new KeepAlive(k.leaseId(), true, k.replyTo())))
        .onMessage(TimeToLive.class, t -> forward(t, t.forwarded(), t.replyTo(), new TimeToLive(t.leaseId(), true, t.replyTo())))
        .onMessage(LeaderChanged.class, this::onLeaderChanged)
        .onMessage(KeepersChanged.class, this::onKeepersChanged)
        .onMessage(Command.class, ignored -> Behaviors.same())   // lease events, stale timers and answers
        .build();
  }

  /** Leading: every lease has a timer; expiry is proposed through Raft. */
  private Behavior<Command> leading() {
    return Behaviors.receive(Command.class)
        .onMessage(KeepAlive.class, this::onKeepAlive)
        .onMessage(TimeToLive.class, this::onTimeToLive)
        .onMessage(Granted.class, g -> track(g.leaseId(), g.ttl()))
        .onMessage(Revoked.class, r -> untrack(r.leaseId()))
        .onMessage(Restored.class, r -> refreshAll())
        .onMessage(Expired.class, this::onExpired)
        .onMessage(RevokeAnswered.class, this::onRevokeAnswered)
        .onMessage(LeaderChanged.class, this::onLeaderChanged)
        .onMessage(KeepersChanged.class, this::onKeepersChanged)
        .build();
  }

  private Behavior<Command> onLeaderChanged(LeaderChanged changed) {
    boolean wasLeading = leader == member.id();
    leader = changed.leader();
    if (leader == member.id()) {
      if (!wasLeading) {
        refreshAll();
        context.getLog().info("member {} leads: timing {} leases afresh", member.id(), deadlines.size());
      }
      return leading();
    }
    if (wasLeading) {
      deadlines.keySet().forEach(id -> timers.cancel(new TimerKey(id)));
      deadlines.clear();
      revoking.clear();
    }
    if (leader != 0 && !subscribed.containsKey(leader)) {
      ServiceKey<Command> key = serviceKey(leader);
      subscribed.put(leader, key);
      context.getSystem().receptionist().tell(Receptionist.subscribe(key, listings));
    }
    return following();
  }

  private Behavior<Command> onKeepersChanged(KeepersChanged changed) {
    subscribed.forEach((id, key) -> {
      if (changed.listing().isForKey(key)) {
        Optional<ActorRef<Command>> ref = changed.listing().getServiceInstances(key).stream().findFirst();
        ref.ifPresentOrElse(r -> keepers.put(id, r), () -> keepers.remove(id));
      }
    });
    return Behaviors.same();
  }

  private Behavior<Command> forward(Command request, boolean forwarded, ActorRef<Reply> replyTo, Command onward) {
    ActorRef<Command> keeper = keepers.getOrDefault(leader, byAddress.get(leader));
    if (forwarded || leader == 0 || keeper == null) {
      context.getLog().debug("cannot forward {}: leader {}, its keeper {}", request, leader, keeper);
      replyTo.tell(new NoLeader(leader));   // a forwarded request is never forwarded again
    } else {
      context.getLog().debug("forwarding {} to the keeper of leader {}", request, leader);
      keeper.tell(onward);
    }
    return Behaviors.same();
  }

  /** Gives every lease in the store a fresh TTL and forgets leases that are gone. */
  private Behavior<Command> refreshAll() {
    List<Lease> leases = store.read(kv -> kv.leases().leases().stream().flatMap(id -> kv.lease(id).stream()).toList());
    deadlines.keySet().forEach(id -> timers.cancel(new TimerKey(id)));
    deadlines.clear();
    revoking.clear();
    leases.forEach(lease -> track(lease.id(), lease.grantedTtl()));
    return Behaviors.same();
  }

  private Behavior<Command> track(long id, long ttlSeconds) {
    Duration ttl = Duration.ofSeconds(Math.max(1, ttlSeconds));
    deadlines.put(id, System.nanoTime() + ttl.toNanos());
    revoking.remove(id);
    timers.startSingleTimer(new TimerKey(id), new Expired(id), ttl);
    return Behaviors.same();
  }

  private Behavior<Command> untrack(long id) {
    deadlines.remove(id);
    revoking.remove(id);
    timers.cancel(new TimerKey(id));
    return Behaviors.same();
  }

  private Behavior<Command> onKeepAlive(KeepAlive keepAlive) {
    long id = keepAlive.leaseId();
    context.getLog().debug("keep-alive of lease {} (forwarded: {})", id, keepAlive.forwarded());
    Optional<Lease> lease = store.read(kv -> kv.lease(id));
    if (lease.isEmpty() || revoking.contains(id)) {
      keepAlive.replyTo().tell(new Remaining(id, -1));   // expired leases are not brought back
    } else {
      track(id, lease.get().grantedTtl());
      keepAlive.replyTo().tell(new Remaining(id, lease.get().grantedTtl()));
    }
    return Behaviors.same();
  }

  private Behavior<Command> onTimeToLive(TimeToLive question) {
    long id = question.leaseId();
    Optional<Lease> lease = store.read(kv -> kv.lease(id));
    if (lease.isEmpty()) {
      question.replyTo().tell(new Remaining(id, -1));
      return Behaviors.same();
    }
    if (!deadlines.containsKey(id)) {
      track(id, lease.get().grantedTtl());   // granted, but its feed message is still on the way
    }
    long nanosLeft = Math.max(0, deadlines.get(id) - System.nanoTime());
    long secondsLeft = (nanosLeft + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1);
    question.replyTo().tell(new Remaining(id, secondsLeft));
    return Behaviors.same();
  }

  private Behavior<Command> onExpired(Expired expired) {
    long id = expired.leaseId();
    if (!deadlines.containsKey(id)) {
      return Behaviors.same();
    }
    if (!revoking.contains(id)) {
      context.getLog().info("lease {} expired, revoking it", id);
    }
    revoking.add(id);   // from now on keep-alives fail: an expired lease is not brought back
    byte[] data = InternalRequest.unattended(InternalRequest.Kind.KV,
        KvCommand.encode(new LeaseRevokeRequest(id), store.config())).encode();
    // Forwarded, not Propose: only a node that still leads proposes it; a deposed one answers NotLeader.
    context.ask(RaftNode.ProposeReply.class, raft, member.settings().requestTimeout().plusSeconds(1),
        replyTo -> new RaftNode.Forwarded(data, false, replyTo),
        (reply, failure) -> new RevokeAnswered(id, reply != null ? reply : new RaftNode.Dropped("timeout")));
    return Behaviors.same();
  }

  private Behavior<Command> onRevokeAnswered(RevokeAnswered answered) {
    long id = answered.leaseId();
    if (answered.reply() instanceof RaftNode.Applied) {
      return untrack(id);
    }
    if (revoking.contains(id) && deadlines.containsKey(id)) {
      context.getLog().debug("revoking expired lease {} failed ({}), retrying", id, answered.reply());
      timers.startSingleTimer(new TimerKey(id), new Expired(id), REVOKE_RETRY);
    }
    return Behaviors.same();
  }
}
