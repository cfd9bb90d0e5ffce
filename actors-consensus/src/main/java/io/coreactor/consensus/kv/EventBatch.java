package io.coreactor.consensus.kv;

import java.util.List;

/**
 * Historical events for a watch that starts in the past, in revision order. When the start
 * revision was compacted there are no events and {@code compactRevision} says where history now
 * begins, as in etcd's watch response; otherwise it is 0 and the watch resumes at
 * {@code nextRevision}.
 */
public record EventBatch(List<Event> events, long nextRevision, long compactRevision) {

  public EventBatch {
    events = List.copyOf(events);
  }

  static EventBatch compactedAt(long compactRevision) {
    return new EventBatch(List.of(), 0, compactRevision);
  }

  public boolean compacted() {
    return compactRevision != 0;
  }
}
