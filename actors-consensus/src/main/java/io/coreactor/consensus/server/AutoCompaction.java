package io.coreactor.consensus.server;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * etcd's two auto-compaction policies, as a pure decision (the caller passes the time): in
 * {@code revision} mode keep the last N revisions; in {@code periodic} mode keep the history of
 * the last period, by remembering which revision was current when, and compacting to the
 * newest revision that is at least a period old.
 */
final class AutoCompaction {

  /** Which history to keep. */
  enum Mode { REVISION, PERIODIC }

  private record Sample(long atMillis, long revision) {}

  private final Mode mode;
  private final long revisions;
  private final long periodMillis;
  private final ArrayDeque<Sample> samples = new ArrayDeque<>();

  AutoCompaction(Mode mode, long revisions, Duration period) {
    this.mode = mode;
    this.revisions = revisions;
    this.periodMillis = period.toMillis();
  }

  boolean enabled() {
    return mode == Mode.REVISION ? revisions > 0 : periodMillis > 0;
  }

  /**
   * Called on every compaction tick of the leader: the revision to compact to now, or 0 when
   * there is nothing to compact.
   */
  long target(long nowMillis, long currentRevision, long compactRevision) {
    long target;
    if (mode == Mode.REVISION) {
      target = currentRevision - revisions;
    } else {
      samples.addLast(new Sample(nowMillis, currentRevision));
      Sample keep = null;
      while (!samples.isEmpty() && samples.peekFirst().atMillis() <= nowMillis - periodMillis) {
        keep = samples.pollFirst();
      }
      if (keep != null) {
        samples.addFirst(keep); // still the newest old-enough sample until a newer one ages
      }
      target = keep == null ? 0 : keep.revision();
    }
    return target > 0 && target > compactRevision ? target : 0;
  }

  /** A new leader starts sampling afresh: it cannot know what was current before it led. */
  void reset() {
    samples.clear();
  }
}
