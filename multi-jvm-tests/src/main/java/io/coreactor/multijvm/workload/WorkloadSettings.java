package io.coreactor.multijvm.workload;

import java.time.Duration;

/**
 * What a {@link Workload} does: how many client threads, over how many keys, for how long and
 * for at most how many operations, with which mix of linearizable reads, writes, deletes and
 * compare-and-sets, and from which seed. Percentages of reads, CAS and deletes; the rest are
 * writes of unique values.
 *
 * @param pinnedNode when not null, the first {@code pinnedClients} clients send every request
 *     to this node (by name) instead of spreading over the cluster
 */
public record WorkloadSettings(int clients, int keys, Duration duration, int maxOps, int readPercent,
                               int casPercent, int deletePercent, long seed, Duration requestTimeout,
                               String pinnedNode, int pinnedClients) {

  public WorkloadSettings {
    if (clients < 1 || keys < 1 || maxOps < 1) {
      throw new IllegalArgumentException("clients, keys and maxOps must be positive");
    }
    if (readPercent + casPercent + deletePercent > 100) {
      throw new IllegalArgumentException("read + cas + delete percentages exceed 100");
    }
  }

  /**
   * 8 clients over 6 keys, 40% reads, 20% CAS, 5% deletes, 35% writes; 1.5 s per request.
   * Under {@code -Dmultijvm.long=true} the duration and the op budget grow tenfold.
   */
  public static WorkloadSettings defaults(Duration duration, int maxOps) {
    int scale = Soak.isLong() ? 10 : 1;
    return new WorkloadSettings(8, 6, duration.multipliedBy(scale), maxOps * scale, 40, 20, 5, Soak.seed(),
        Duration.ofMillis(1500), null, 0);
  }

  public WorkloadSettings withClients(int n) {
    return new WorkloadSettings(n, keys, duration, maxOps, readPercent, casPercent, deletePercent, seed,
        requestTimeout, pinnedNode, pinnedClients);
  }

  public WorkloadSettings withKeys(int n) {
    return new WorkloadSettings(clients, n, duration, maxOps, readPercent, casPercent, deletePercent, seed,
        requestTimeout, pinnedNode, pinnedClients);
  }

  public WorkloadSettings withSeed(long s) {
    return new WorkloadSettings(clients, keys, duration, maxOps, readPercent, casPercent, deletePercent, s,
        requestTimeout, pinnedNode, pinnedClients);
  }

  public WorkloadSettings withDuration(Duration d, int ops) {
    return new WorkloadSettings(clients, keys, d, ops, readPercent, casPercent, deletePercent, seed,
        requestTimeout, pinnedNode, pinnedClients);
  }

  /** The first {@code n} clients always talk to the named node. */
  public WorkloadSettings pinned(String nodeName, int n) {
    return new WorkloadSettings(clients, keys, duration, maxOps, readPercent, casPercent, deletePercent, seed,
        requestTimeout, nodeName, n);
  }

  /** The name of key {@code i}; every key of a workload shares the prefix {@code /wl/}. */
  public static String key(int i) {
    return "/wl/k" + i;
  }
}
