package io.coreactor.consensus.raft.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The last events of a run, for a failing seed's replay. Disabled in batch runs (formatting
 * every event would dominate the run time): a failing seed is replayed with the trace on.
 */
final class SimTrace {

  private final boolean enabled;
  private final int capacity;
  private final ArrayDeque<String> events;
  private long step;

  SimTrace(boolean enabled, int capacity) {
    this.enabled = enabled;
    this.capacity = capacity;
    this.events = new ArrayDeque<>(enabled ? capacity : 0);
  }

  static SimTrace off() {
    return new SimTrace(false, 0);
  }

  boolean enabled() {
    return enabled;
  }

  void step(long step) {
    this.step = step;
  }

  void add(String event) {
    if (!enabled) {
      return;
    }
    if (events.size() == capacity) {
      events.removeFirst();
    }
    events.addLast(String.format("%6d  %s", step, event));
  }

  List<String> lastEvents() {
    return new ArrayList<>(events);
  }
}
