package io.coreactor.consensus.node;

import io.coreactor.consensus.raft.RaftMessage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * The RaftNodes of the other members of a group, found through the Pekko receptionist: each
 * node registers under its own key and subscribes to the keys of the members it knows. Who is
 * a member is Raft's business; this only knows where members can be reached right now.
 */
final class Peers {

  private final ActorContext<RaftNode.Command> context;
  private final String group;
  private final long self;
  private final ActorRef<Receptionist.Listing> listings;
  private final Map<Long, ServiceKey<RaftNode.Command>> subscribed = new HashMap<>();
  private final Map<Long, ActorRef<RaftNode.Command>> refs = new HashMap<>();
  private final FaultInjection faults;

  Peers(ActorContext<RaftNode.Command> context, String group, long self, ActorRef<Receptionist.Listing> listings) {
    this.context = context;
    this.group = group;
    this.self = self;
    this.listings = listings;
    this.faults = FaultInjection.get(context.getSystem());
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

  /** Takes a receptionist listing: where a followed peer can be reached now, if anywhere. */
  void update(Receptionist.Listing listing) {
    for (Map.Entry<Long, ServiceKey<RaftNode.Command>> e : subscribed.entrySet()) {
      if (listing.isForKey(e.getValue())) {
        Set<ActorRef<RaftNode.Command>> instances = listing.getServiceInstances(e.getValue());
        ActorRef<RaftNode.Command> ref = instances.stream().findFirst().orElse(null);
        ActorRef<RaftNode.Command> old = ref == null ? refs.remove(e.getKey()) : refs.put(e.getKey(), ref);
        if (!Objects.equals(old, ref)) {
          context.getLog().info("peer {} is now {}", e.getKey(), ref == null ? "unreachable" : ref.path());
        }
        return;
      }
    }
  }

  /** Where node {@code id} can be reached, if anywhere (nowhere while the fault switch cuts it off). */
  Optional<ActorRef<RaftNode.Command>> ref(long id) {
    return faults.blocks(id) ? Optional.empty() : Optional.ofNullable(refs.get(id));
  }

  /** False for a message from a peer the fault switch cuts off: it is dropped as if never received. */
  boolean admits(RaftMessage message) {
    return !faults.blocks(message.from());
  }

  /** Sends each message to its addressee; messages to unreachable peers are dropped (Raft retries). */
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
}
