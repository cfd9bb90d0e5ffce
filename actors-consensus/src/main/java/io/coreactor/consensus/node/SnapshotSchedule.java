package io.coreactor.consensus.node;

import java.util.List;

/**
 * When a RaftNode asks its state machine for a snapshot: once it applied snapshot-count
 * entries past the last one, plus this member's share of a stagger (up to an eighth more, by
 * its rank among the founding members), one at a time, and after a failed one only an eighth
 * of snapshot-count later. Members applying the same entries would otherwise all snapshot at
 * the same index, at the same moment, and on a shared machine their encoding and writing
 * would pile up on every request at once.
 */
final class SnapshotSchedule {

  private final long threshold;
  private final long retryAfter;
  private boolean taking;
  private long retryAt;

  SnapshotSchedule(NodeSettings settings) {
    this.threshold = settings.snapshotCount() + offset(settings);
    this.retryAfter = Math.max(1, settings.snapshotCount() / 8);
  }

  private static long offset(NodeSettings settings) {
    long spread = settings.snapshotCount() / 8;
    if (spread == 0) {
      return 0;
    }
    List<Long> founders = List.copyOf(settings.initialCluster().keySet());   // sorted by id
    int rank = founders.indexOf(settings.nodeId());
    return rank >= 0 && founders.size() > 1
        ? spread * rank / (founders.size() - 1)
        : Math.floorMod(settings.nodeId(), spread);
  }

  /** True when a snapshot should be taken now; it is then in progress until {@link #done} or {@link #failed}. */
  boolean start(long applied, long snapshotIndex) {
    if (taking || applied - snapshotIndex < threshold || applied < retryAt) {
      return false;
    }
    taking = true;
    return true;
  }

  /** The snapshot was saved, or made moot by a newer one. */
  void done() {
    taking = false;
  }

  /** The snapshot failed with {@code applied} entries applied: try again a while later. */
  void failed(long applied) {
    taking = false;
    retryAt = applied + retryAfter;
  }
}
