package io.coreactor.consensus.node;

import io.coreactor.consensus.node.RaftNode.ChangeMembership;
import io.coreactor.consensus.node.RaftNode.Command;
import io.coreactor.consensus.node.RaftNode.Dropped;
import io.coreactor.consensus.node.RaftNode.Forwarded;
import io.coreactor.consensus.node.RaftNode.Propose;
import io.coreactor.consensus.node.RaftNode.Read;
import io.coreactor.consensus.node.RaftNode.Recovered;
import io.coreactor.consensus.node.RaftNode.TransferLeadership;
import io.coreactor.consensus.storage.RaftStorage;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The mode a {@link RaftNode} starts in: it opens and loads its storage on the storage
 * dispatcher (bootstrapping an empty one) while stashing what arrives, then serves; or
 * stops when the storage cannot be opened.
 */
final class Recovering extends AbstractBehavior<Command> {

  private static final int STASH_CAPACITY = 10_000;

  private final TimerScheduler<Command> timers;
  private final StashBuffer<Command> stash;
  private final NodeSettings settings;
  private final StateMachine stateMachine;

  static Behavior<Command> create(NodeSettings settings, StateMachine stateMachine, StorageOpener opener) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> Behaviors.withStash(STASH_CAPACITY,
        stash -> new Recovering(context, timers, stash, settings, stateMachine, opener))));
  }

  private Recovering(ActorContext<Command> context, TimerScheduler<Command> timers, StashBuffer<Command> stash,
                     NodeSettings settings, StateMachine stateMachine, StorageOpener opener) {
    super(context);
    this.timers = timers;
    this.stash = stash;
    this.settings = settings;
    this.stateMachine = stateMachine;
    context.pipeToSelf(AsyncStorage.supply(context, () -> recover(settings, opener)),
        (ok, failure) -> failure == null ? ok : new Recovered(null, null, AsyncStorage.unwrap(failure)));
  }

  private static Recovered recover(NodeSettings settings, StorageOpener opener) {
    RaftStorage storage = opener.open(settings.dataDir(), settings.nodeId());
    try {
      if (storage.isEmpty()) {
        storage.bootstrap(settings.initialConfState());
      }
      return new Recovered(storage, storage.load(), null);
    } catch (RuntimeException e) {
      storage.close();
      throw e;
    }
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Recovered.class, this::onRecovered)
        .onMessage(Command.class, this::onWhileRecovering)
        .build();
  }

  private Behavior<Command> onRecovered(Recovered recovered) {
    if (recovered.failure() != null) {
      getContext().getLog().error("node {}: cannot open storage in {}, stopping", settings.nodeId(),
          settings.dataDir(), recovered.failure());
      stash.forEach(m -> reject(m, "node stopped: storage unavailable"));
      return Behaviors.stopped();
    }
    return stash.unstashAll(RaftNode.serving(getContext(), timers, settings, stateMachine, recovered.storage(),
        recovered.state()));
  }

  private Behavior<Command> onWhileRecovering(Command message) {
    if (stash.isFull()) {
      reject(message, "node is recovering");   // Raft messages are simply dropped: Raft retries
    } else {
      stash.stash(message);
    }
    return this;
  }

  private static void reject(Command message, String reason) {
    Dropped dropped = new Dropped(reason);
    if (message instanceof Propose p) {
      p.replyTo().tell(dropped);
    } else if (message instanceof ChangeMembership c) {
      c.replyTo().tell(dropped);
    } else if (message instanceof Forwarded f) {
      f.replyTo().tell(dropped);
    } else if (message instanceof Read r) {
      r.replyTo().tell(dropped);
    } else if (message instanceof TransferLeadership t) {
      t.replyTo().tell(dropped);
    }
  }
}
