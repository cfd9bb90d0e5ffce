package io.coreactor.consensus.server;

import io.coreactor.consensus.client.WatchListener;
import io.coreactor.consensus.client.WatchRequest;
import io.coreactor.consensus.client.WatchResponse;
import io.coreactor.consensus.kv.Event;
import io.coreactor.consensus.kv.EventBatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Every watch of one member (etcd's {@code watchableStore}): fed by the {@link KvStore} with
 * each applied revision's events, in apply order, it sends each watch what it selects through
 * the watch's own bounded {@link WatchDelivery}.
 *
 * <p>A watch from a past revision first replays history ({@code eventsSince}) and then follows
 * the feed. The hand-over has no gap and no duplicate: history is read under the store's read
 * lock, so every revision above the one read is applied afterwards and its feed message arrives
 * after the read; feed messages at or below it are skipped by the watch's {@code nextRevision}.
 */
final class WatchHub extends AbstractBehavior<WatchHub.Command> {

  /** What the hub accepts. */
  sealed interface Command {}

  /** Starts watch {@code watchId}; its responses go to {@code listener}. */
  record Create(long watchId, WatchRequest request, WatchListener listener) implements Command {}

  /** Ends a watch with a final canceled response. */
  record Cancel(long watchId) implements Command {}

  /** From the store: one applied revision's events, in apply order. */
  record Applied(long revision, List<Event> events) implements Command {}

  /** From the store: its whole state was replaced; every watch catches up from history. */
  enum Restored implements Command { INSTANCE }

  private enum ProgressTick implements Command { INSTANCE }

  private enum CatchUp implements Command { INSTANCE }

  private record Replay(EventBatch batch, long revision) {}

  private final KvStore store;
  private final LocalMember member;
  private final KvSettings settings;
  private final Executor executor;
  private final Map<Long, Watcher> watchers = new LinkedHashMap<>();
  /** The last revision the feed brought: every synced watch has been sent everything up to it. */
  private long lastRevision;
  private boolean catchUpScheduled;

  static Behavior<Command> create(KvStore store, LocalMember member, KvSettings settings, Executor executor) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers ->
        new WatchHub(context, timers, store, member, settings, executor)));
  }

  private WatchHub(ActorContext<Command> context, TimerScheduler<Command> timers, KvStore store,
                   LocalMember member, KvSettings settings, Executor executor) {
    super(context);
    context.setLoggerName(WatchHub.class);
    this.store = store;
    this.member = member;
    this.settings = settings;
    this.executor = executor;
    this.lastRevision = store.revision();
    Duration interval = settings.progressNotifyInterval();
    timers.startTimerWithFixedDelay(ProgressTick.INSTANCE, ProgressTick.INSTANCE, interval);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Create.class, this::onCreate)
        .onMessage(Cancel.class, this::onCancel)
        .onMessage(Applied.class, this::onApplied)
        .onMessage(Restored.class, r -> onRestored())
        .onMessage(CatchUp.class, c -> onCatchUp())
        .onMessage(ProgressTick.class, t -> onProgressTick())
        .onSignal(PostStop.class, s -> onStopped())
        .build();
  }

  private Behavior<Command> onCreate(Create create) {
    Watcher w = new Watcher(create.watchId(), create.request(),
        new WatchDelivery(create.watchId(), create.listener(), executor, settings.watchBuffer()));
    long current = store.revision();
    w.delivery.offerFinal(response(w, current, true, false, 0, "", List.of()));
    watchers.put(w.id, w);
    long start = create.request().startRevision();
    if (start > 0 && start <= current) {
      w.nextRevision = start;
      replay(w);
      scheduleCatchUp();
    } else {
      // From now (or from a future revision): the feed brings everything from here on.
      w.nextRevision = start > 0 ? start : current + 1;
      w.synced = true;
    }
    return this;
  }

  private Behavior<Command> onCancel(Cancel cancel) {
    Watcher w = watchers.get(cancel.watchId());
    if (w != null) {
      finish(w, 0, "");
    }
    return this;
  }

  private Behavior<Command> onApplied(Applied applied) {
    lastRevision = applied.revision();
    List<Watcher> overflowed = new ArrayList<>();
    for (Watcher w : watchers.values()) {
      if (!w.synced || applied.revision() < w.nextRevision) {
        continue;   // still replaying (history will hold this revision), or already sent
      }
      w.nextRevision = applied.revision() + 1;
      List<Event> events = w.select(applied.events());
      if (!events.isEmpty() && !send(w, applied.revision(), events)) {
        overflowed.add(w);
      }
    }
    overflowed.forEach(this::cancelSlow);
    return this;
  }

  private Behavior<Command> onRestored() {
    lastRevision = store.revision();
    watchers.values().forEach(w -> w.synced = false);
    scheduleCatchUp();
    return this;
  }

  /** One history batch for every watch still replaying; again later while any is left. */
  private Behavior<Command> onCatchUp() {
    catchUpScheduled = false;
    for (Watcher w : List.copyOf(watchers.values())) {
      if (!w.synced) {
        replay(w);
      }
    }
    scheduleCatchUp();
    return this;
  }

  private void scheduleCatchUp() {
    boolean behind = watchers.values().stream().anyMatch(w -> !w.synced);
    if (behind && !catchUpScheduled) {
      catchUpScheduled = true;
      getContext().getSelf().tell(CatchUp.INSTANCE);   // interleaves replays with the live feed
    }
  }

  /** Sends the watch's next history batch; it is synced once a batch reaches the store's revision. */
  private void replay(Watcher w) {
    Replay replay = store.read(kv -> new Replay(kv.eventsSince(w.request.key(), w.request.rangeEnd(),
        w.nextRevision, settings.watchReplayBatch()), kv.revision()));
    EventBatch batch = replay.batch();
    if (batch.compacted()) {
      finish(w, batch.compactRevision(), "");
      return;
    }
    List<Event> events = w.select(batch.events());
    w.nextRevision = Math.max(w.nextRevision, batch.nextRevision());
    if (!events.isEmpty() && !send(w, replay.revision(), events)) {
      cancelSlow(w);
      return;
    }
    w.synced = w.nextRevision > replay.revision();
  }

  private Behavior<Command> onProgressTick() {
    for (Watcher w : watchers.values()) {
      if (w.request.progressNotify() && w.synced && !w.sentSinceTick) {
        if (!w.delivery.offer(response(w, lastRevision, false, false, 0, "", List.of()))) {
          cancelSlow(w);
          break;   // the map changed; the others get theirs next tick
        }
      }
      w.sentSinceTick = false;
    }
    return this;
  }

  private boolean send(Watcher w, long revision, List<Event> events) {
    w.sentSinceTick = true;
    return w.delivery.offer(response(w, revision, false, false, 0, "", events));
  }

  private void cancelSlow(Watcher w) {
    getContext().getLog().warn("watch {} canceled: its listener fell {} responses behind", w.id, w.delivery.capacity());
    finish(w, 0, "watcher is too slow: more than " + w.delivery.capacity() + " responses waiting");
  }

  private void finish(Watcher w, long compactRevision, String reason) {
    watchers.remove(w.id);
    long revision = compactRevision != 0 ? store.revision() : lastRevision;
    w.delivery.offerFinal(response(w, revision, false, true, compactRevision, reason, List.of()));
  }

  private WatchResponse response(Watcher w, long revision, boolean created, boolean canceled, long compactRevision,
                                 String reason, List<Event> events) {
    return new WatchResponse(member.header(revision), w.id, created, canceled, compactRevision, reason, events);
  }

  private Behavior<Command> onStopped() {
    List.copyOf(watchers.values()).forEach(w -> finish(w, 0, "node stopped"));
    return this;
  }
}
