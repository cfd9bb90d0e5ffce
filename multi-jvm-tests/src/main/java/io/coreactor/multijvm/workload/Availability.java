package io.coreactor.multijvm.workload;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Availability arithmetic over instants of successful writes (System.nanoTime values). */
public final class Availability {

  private Availability() {}

  /** The longest interval inside [start, end] that holds none of {@code instants}. */
  public static Duration longestGap(long start, long end, List<Long> instants) {
    List<Long> sorted = new ArrayList<>(instants);
    Collections.sort(sorted);
    long prev = start;
    long longest = 0;
    for (long t : sorted) {
      if (t < start || t > end) {
        continue;
      }
      longest = Math.max(longest, t - prev);
      prev = t;
    }
    longest = Math.max(longest, end - prev);
    return Duration.ofNanos(longest);
  }
}
