package io.coreactor.consensus.node;

import java.util.Set;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * A fault switch in this node's Raft transport, for multi-JVM fault tests without root: the
 * RaftNodes of this ActorSystem drop Raft messages to and from the peers listed, and forward
 * no proposals to them, as if the links were cut. Pekko's own traffic (cluster gossip,
 * receptionist, replies) is not touched. Off, and inert, unless
 * {@code coreactor.consensus.fault-injection.enabled = true}.
 */
public final class FaultInjection implements Extension {

  /** The config key that turns the switch on. */
  public static final String ENABLED = "coreactor.consensus.fault-injection.enabled";

  private static final ExtensionId<FaultInjection> ID = new ExtensionId<>() {
    @Override
    public FaultInjection createExtension(ActorSystem<?> system) {
      boolean enabled = system.settings().config().hasPath(ENABLED) && system.settings().config().getBoolean(ENABLED);
      return new FaultInjection(enabled);
    }
  };

  private final boolean enabled;
  private volatile Set<Long> dropped = Set.of();

  private FaultInjection(boolean enabled) {
    this.enabled = enabled;
  }

  /** A switch of no ActorSystem, e.g. for testing what drives it. */
  public static FaultInjection detached(boolean enabled) {
    return new FaultInjection(enabled);
  }

  /** The switch of {@code system}'s RaftNodes. */
  public static FaultInjection get(ActorSystem<?> system) {
    return ID.apply(system);
  }

  public boolean enabled() {
    return enabled;
  }

  /**
   * From now on, drop every Raft message to and from these member ids (replacing the last
   * list; empty heals).
   *
   * @throws IllegalStateException when the switch is not enabled
   */
  public void drop(Set<Long> memberIds) {
    if (!enabled) {
      throw new IllegalStateException("fault injection is off (" + ENABLED + " = false)");
    }
    dropped = Set.copyOf(memberIds);
  }

  /** The member ids messages are dropped for now. */
  public Set<Long> dropped() {
    return dropped;
  }

  /** True when traffic with {@code memberId} is cut. */
  boolean blocks(long memberId) {
    return enabled && dropped.contains(memberId);
  }
}
