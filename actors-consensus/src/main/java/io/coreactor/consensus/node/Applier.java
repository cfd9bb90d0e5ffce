package io.coreactor.consensus.node;

import io.coreactor.consensus.raft.ConfChange;
import io.coreactor.consensus.raft.Entry;
import io.coreactor.consensus.raft.Snapshot;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.DispatcherSelector;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Applies a Raft group's committed entries to its {@link StateMachine}, off the
 * {@link RaftNode}'s critical path: answers each waiting proposer with the result, reports
 * the applied index back to the node, and takes snapshots when the node asks (captured
 * between applies, encoded on the snapshot dispatcher).
 */
final class Applier extends AbstractBehavior<Applier.Command> {

  /** What the Applier accepts, all from its RaftNode, in log order. */
  sealed interface Command {}

  /** Committed entries to apply in order, with the proposers waiting for some of them, by index. */
  record Apply(List<Entry> entries, Map<Long, Waiter> waiters) implements Command {}

  /** Replace the state with a snapshot installed from the leader. */
  record Restore(Snapshot snapshot) implements Command {}

  /** Take a snapshot at the current applied index and send it to the node. */
  enum TakeSnapshot implements Command { INSTANCE }

  /** A proposer waiting for the entry it proposed at some index in {@code term}. */
  record Waiter(long term, ReplyTo replyTo) {}

  private final StateMachine stateMachine;
  private final ActorRef<RaftNode.Command> node;
  private long applied;

  /** Starts from {@code snapshot}: the state machine is restored from it first. */
  static Behavior<Command> create(StateMachine stateMachine, Snapshot snapshot, ActorRef<RaftNode.Command> node) {
    return Behaviors.setup(context -> new Applier(context, stateMachine, snapshot, node));
  }

  private Applier(ActorContext<Command> context, StateMachine stateMachine, Snapshot snapshot,
                  ActorRef<RaftNode.Command> node) {
    super(context);
    this.stateMachine = stateMachine;
    this.node = node;
    // The state machine is in memory: after a (re)start it is rebuilt from the durable
    // snapshot and the committed entries after it, which the core hands over again.
    stateMachine.restore(snapshot.data());
    applied = snapshot.index();
    node.tell(new RaftNode.AppliedThrough(applied));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Apply.class, this::onApply)
        .onMessage(Restore.class, this::onRestore)
        .onMessage(TakeSnapshot.class, m -> onTakeSnapshot())
        .build();
  }

  private Behavior<Command> onApply(Apply apply) {
    ReplyTo.Batch replies = new ReplyTo.Batch();
    for (Entry entry : apply.entries()) {
      if (entry.index() <= applied) {
        continue;
      }
      Object result = switch (entry.type()) {
        case CONF_CHANGE -> applyConfChange(entry);
        case NORMAL -> entry.isNoop() ? null : stateMachine.apply(entry);
      };
      applied = entry.index();
      Waiter waiter = apply.waiters().get(entry.index());
      if (waiter != null) {
        replies.add(waiter.replyTo(), waiter.term() == entry.term()
            ? new RaftNode.Applied(entry.index(), result)
            : new RaftNode.Dropped("lost: another leader's entry took index " + entry.index()));
      }
    }
    replies.send();   // one message per follower for the requests it forwarded
    node.tell(new RaftNode.AppliedThrough(applied));
    return this;
  }

  private ConfChange applyConfChange(Entry entry) {
    ConfChange change = ConfChange.decode(entry.data());
    stateMachine.applyConfChange(entry, change);
    return change;
  }

  private Behavior<Command> onRestore(Restore restore) {
    Snapshot snapshot = restore.snapshot();
    if (snapshot.index() <= applied) {
      getContext().getLog().warn("ignoring snapshot at {}: already applied {}", snapshot.index(), applied);
      return this;
    }
    stateMachine.restore(snapshot.data());
    applied = snapshot.index();
    getContext().getLog().info("restored state machine from snapshot at {}", applied);
    node.tell(new RaftNode.AppliedThrough(applied));
    return this;
  }

  /**
   * Captures the state here, between two applies, and encodes it on the snapshot dispatcher:
   * a store of 100k keys takes a few milliseconds to capture, but encoding its ~30 MB took
   * 0.05 to 0.5 s (the first time, before the JIT compiled it), and applying, hence every
   * write's answer, used to wait for that.
   */
  private Behavior<Command> onTakeSnapshot() {
    long index = applied;
    Supplier<Snapshot.Data> capture = stateMachine.captureSnapshot();
    Executor encoder = getContext().getSystem().dispatchers()
        .lookup(DispatcherSelector.fromConfig(NodeSettings.SNAPSHOT_DISPATCHER));
    CompletableFuture.supplyAsync(capture, encoder).whenComplete((data, failure) -> node.tell(
        failure == null ? new RaftNode.SnapshotTaken(index, data) : new RaftNode.SnapshotFailed(index, failure)));
    return this;
  }
}
