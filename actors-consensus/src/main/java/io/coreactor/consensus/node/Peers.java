package io.coreactor.consensus.node;

import io.coreactor.consensus.raft.RaftMessage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * The RaftNodes of the other members of a group: where each can be reached right now. Who is
 * a member is Raft's business; this only knows addresses.
 *
 * <p>First choice is the Pekko receptionist: each node registers under its own key and
 * subscribes to the keys of the members it knows. A listed ref is one incarnation of a member
 * (its path carries the actor's uid). When the receptionist lists nothing for a member, the
 * member is addressed by path at its peer address instead: the host and port of its initial
 * cluster peer URL, or where it was last listed. That ref names no incarnation, so it reaches
 * whichever one runs there.
 *
 * <p>Why the fallback: the receptionist lists only reachable members of Pekko Cluster, and
 * Pekko admits a restarted member only after removing its old incarnation, which needs
 * convergence, which an unreachable member blocks until someone downs it. Raft never downs
 * anyone (a partitioned member is not a dead one), so with one member dead a restarted member
 * was never listed again and 1 dead + 1 restarted of 3 meant no quorum. Artery delivers to any
 * address, member or not.
 *
 * <p>What it costs: messages sent to a dead member's address wait in Artery's outbound queue
 * and reach its next incarnation late. Raft takes delayed and duplicated messages (terms and
 * the log-matching check); a listed ref's uid made the new incarnation drop them as dead
 * letters, the fallback delivers them.
 */
final class Peers {

  private final ActorContext<RaftNode.Command> context;
  private final String group;
  private final long self;
  private final ActorRef<Receptionist.Listing> listings;
  private final ActorRefResolver resolver;
  private final Map<Long, ServiceKey<RaftNode.Command>> subscribed = new HashMap<>();
  private final Map<Long, ActorRef<RaftNode.Command>> listed = new HashMap<>();
  private final Map<Long, ActorRef<RaftNode.Command>> byAddress = new HashMap<>();
  private final FaultInjection faults;

  /**
   * Peers of node {@code self}; {@code peerUrls} (member id to peer URL, e.g. the initial
   * cluster) are where members not listed yet are looked for, at this node's own actor path.
   */
  Peers(ActorContext<RaftNode.Command> context, String group, long self, Map<Long, String> peerUrls,
        ActorRef<Receptionist.Listing> listings) {
    this.context = context;
    this.group = group;
    this.self = self;
    this.listings = listings;
    this.resolver = ActorRefResolver.get(context.getSystem());
    this.faults = FaultInjection.get(context.getSystem());
    String path = context.getSelf().path().toStringWithoutAddress();
    String system = context.getSystem().name();
    peerUrls.forEach((id, url) -> {
      if (id != self) {
        Address address = new Address("pekko", system, NodeSettings.hostOf(url), NodeSettings.portOf(url));
        byAddress.put(id, resolve(address, path));
      }
    });
  }

  /** The receptionist key of node {@code id} of {@code group}: {@code raft-<group>-<id>}. */
  static ServiceKey<RaftNode.Command> serviceKey(String group, long id) {
    return ServiceKey.create(RaftNode.Command.class, "raft-" + group + "-" + id);
  }

  /** Makes this node reachable by its peers. */
  void register() {
    context.getSystem().receptionist().tell(Receptionist.register(serviceKey(group, self), context.getSelf()));
  }

  /** Starts following node {@code id}'s registration, unless already followed. */
  void track(long id) {
    if (id != self && !subscribed.containsKey(id)) {
      ServiceKey<RaftNode.Command> key = serviceKey(group, id);
      subscribed.put(id, key);
      context.getSystem().receptionist().tell(Receptionist.subscribe(key, listings));
    }
  }

  /** Takes a receptionist listing: where a followed peer can be reached now. */
  void update(Receptionist.Listing listing) {
    for (Map.Entry<Long, ServiceKey<RaftNode.Command>> e : subscribed.entrySet()) {
      if (listing.isForKey(e.getValue())) {
        long id = e.getKey();
        Set<ActorRef<RaftNode.Command>> instances = listing.getServiceInstances(e.getValue());
        ActorRef<RaftNode.Command> ref = instances.stream().findFirst().orElse(null);
        ActorRef<RaftNode.Command> old = ref == null ? listed.remove(id) : listed.put(id, ref);
        if (ref != null && ref.path().address().hasGlobalScope()) {
          byAddress.put(id, resolve(ref.path().address(), ref.path().toStringWithoutAddress()));
        }
        if (!Objects.equals(old, ref)) {
          logChange(id, ref);
        }
        return;
      }
    }
  }

  /**
   * Where node {@code id} can be reached, if anywhere: its listed incarnation, else its
   * address; nowhere while the fault switch cuts it off.
   */
  Optional<ActorRef<RaftNode.Command>> ref(long id) {
    if (faults.blocks(id)) {
      return Optional.empty();
    }
    ActorRef<RaftNode.Command> ref = listed.get(id);
    return Optional.ofNullable(ref != null ? ref : byAddress.get(id));
  }

  /** False for a message from a peer the fault switch cuts off: it is dropped as if never received. */
  boolean admits(RaftMessage message) {
    return !faults.blocks(message.from());
  }

  /** Sends each message to its addressee; messages to peers with no known address are dropped (Raft retries). */
  void send(List<RaftMessage> messages) {
    for (RaftMessage message : messages) {
      ActorRef<RaftNode.Command> ref = ref(message.to()).orElse(null);
      if (ref != null) {
        ref.tell(new RaftNode.Inbound(message));
      } else if (context.getLog().isDebugEnabled()) {
        context.getLog().debug("no route to {}, dropped {}", message.to(), message);
      }
    }
  }

  private ActorRef<RaftNode.Command> resolve(Address address, String path) {
    return resolver.resolveActorRef(address + path);
  }

  private void logChange(long id, ActorRef<RaftNode.Command> ref) {
    if (ref != null) {
      context.getLog().info("peer {} is now {}", id, ref.path());   // the multi-jvm kit waits for this line
    } else if (byAddress.containsKey(id)) {
      context.getLog().info("peer {} is no longer listed by the receptionist; addressing {}", id,
          byAddress.get(id).path());
    } else {
      context.getLog().info("peer {} is now unreachable", id);
    }
  }
}
