package io.coreactor.consensus.server;

import io.coreactor.consensus.client.WatchListener;
import io.coreactor.consensus.client.WatchResponse;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands one watch's responses to its listener, in order and one at a time, on the client
 * executor, so that a slow listener holds up nobody but itself. At most {@code capacity}
 * responses wait; past that {@link #offer} refuses and the hub cancels the watch.
 */
final class WatchDelivery {

  private static final Logger log = LoggerFactory.getLogger(WatchDelivery.class);
  private static final int BURST = 64;   // then yield the thread to other watches

  private final long watchId;
  private final WatchListener listener;
  private final Executor executor;
  private final int capacity;
  private final Queue<WatchResponse> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger waiting = new AtomicInteger();
  private final AtomicBoolean draining = new AtomicBoolean();

  WatchDelivery(long watchId, WatchListener listener, Executor executor, int capacity) {
    this.watchId = watchId;
    this.listener = listener;
    this.executor = executor;
    this.capacity = capacity;
  }

  /** Queues a response; false, and nothing queued, when the listener is too far behind. */
  boolean offer(WatchResponse response) {
    if (waiting.get() >= capacity) {
      return false;
    }
    enqueue(response);
    return true;
  }

  /** Queues the watch's last response, whatever the backlog. */
  void offerFinal(WatchResponse response) {
    enqueue(response);
  }

  int capacity() {
    return capacity;
  }

  private void enqueue(WatchResponse response) {
    queue.add(response);
    waiting.incrementAndGet();
    schedule();
  }

  private void schedule() {
    if (draining.compareAndSet(false, true)) {
      executor.execute(this::drain);
    }
  }

  private void drain() {
    WatchResponse next;
    for (int i = 0; i < BURST && (next = queue.poll()) != null; i++) {
      waiting.decrementAndGet();
      try {
        listener.onResponse(next);
      } catch (RuntimeException e) {
        log.warn("listener of watch {} failed on a response", watchId, e);
      }
    }
    draining.set(false);
    if (!queue.isEmpty()) {
      schedule();
    }
  }
}
