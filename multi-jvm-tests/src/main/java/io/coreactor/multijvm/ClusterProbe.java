package io.coreactor.multijvm;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/** What a cluster's nodes say about themselves: who leads, whether they converged, a status table. */
final class ClusterProbe {

  static final Duration STATUS_TIMEOUT = Duration.ofMillis(700);

  private ClusterProbe() {
  }

  /** Among {@code nodes}, the one that reports itself leader with the highest term. */
  static Optional<ClusterNode> leader(List<ClusterNode> nodes) {
    ClusterNode best = null;
    long bestTerm = -1;
    for (ClusterNode n : nodes) {
      try {
        EtcdClient.Status s = n.client().withTimeout(STATUS_TIMEOUT).status();
        if (s.isLeader() && s.raftTerm() > bestTerm) {
          best = n;
          bestTerm = s.raftTerm();
        }
      } catch (EtcdClient.EtcdException e) {
        // not answering: not a leader a client could use
      }
    }
    return Optional.ofNullable(best);
  }

  /** Polls until all {@code nodes} report the same revision and HashKV; returns the revision. */
  static long awaitConverged(Supplier<List<ClusterNode>> nodes, Duration timeout) {
    Map<String, String> seen = new LinkedHashMap<>();
    long[] revision = {-1};
    boolean ok = Poll.until(timeout, () -> {
      seen.clear();
      Set<List<Long>> hashes = new HashSet<>();
      for (ClusterNode n : nodes.get()) {
        try {
          EtcdClient.HashKv h = n.client().withTimeout(STATUS_TIMEOUT).hashKv();
          hashes.add(List.of(h.hash(), h.revision()));
          seen.put(n.name(), "revision " + h.revision() + " hash " + h.hash());
          revision[0] = h.revision();
        } catch (EtcdClient.EtcdException e) {
          seen.put(n.name(), e.getMessage());
          return false;
        }
      }
      return hashes.size() == 1;
    });
    if (!ok) {
      throw new AssertionError("members did not converge within " + timeout.toMillis() + " ms: " + seen);
    }
    return revision[0];
  }

  /** One line per node: its process state and status (or why there is none). */
  static String statusReport(List<ClusterNode> nodes) {
    StringBuilder out = new StringBuilder();
    for (ClusterNode n : nodes) {
      out.append("  ").append(n).append(": ");
      if (!n.isRunning() || n.isPaused()) {
        out.append("-");
      } else {
        try {
          out.append(n.client().withTimeout(STATUS_TIMEOUT).status());
        } catch (EtcdClient.EtcdException e) {
          out.append(e.getMessage());
        }
      }
      out.append('\n');
    }
    return out.toString();
  }
}
