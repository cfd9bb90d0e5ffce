package io.coreactor.multijvm.workload;

import io.coreactor.multijvm.history.History;
import io.coreactor.multijvm.history.Operation;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a {@link Workload} did: its history, the writes the cluster acknowledged (with their
 * revisions), when writes succeeded (System.nanoTime), which keys saw deletes, and when it ran.
 */
public record WorkloadResult(WorkloadSettings settings, History history, List<AckedWrite> acked,
                             List<Long> okWriteTimes, Set<String> keysWithDeletes, long startedAt, long endedAt) {

  /** Operations by outcome, over the history as it is now. */
  public Map<Operation.Outcome, Integer> outcomes() {
    Map<Operation.Outcome, Integer> m = new EnumMap<>(Operation.Outcome.class);
    for (Operation.Outcome o : Operation.Outcome.values()) {
      m.put(o, 0);
    }
    for (Operation op : history.operations()) {
      m.merge(op.outcome(), 1, Integer::sum);
    }
    return m;
  }

  /** The longest stretch of the run with no successful write, counting from its start to its end. */
  public Duration longestWriteGap() {
    return Availability.longestGap(startedAt, endedAt, okWriteTimes);
  }
}
