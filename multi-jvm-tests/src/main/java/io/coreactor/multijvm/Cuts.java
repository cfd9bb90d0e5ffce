package io.coreactor.multijvm;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which peers each node is cut off from, and the network that enforces it. Kept apart from the
 * processes so that a node started again (a fresh namespace route table, a fresh fault switch)
 * gets its cut back.
 */
final class Cuts {

  private final PeerNetwork network;
  private final Map<ClusterNode, Set<ClusterNode>> blocked = new HashMap<>();

  Cuts(PeerNetwork network) {
    this.network = network;
  }

  /** Nodes of {@code current} in different groups are cut apart; a node in no group from all. */
  void partition(List<ClusterNode> current, List<List<ClusterNode>> groups) {
    Map<ClusterNode, Integer> groupOf = new HashMap<>();
    for (int g = 0; g < groups.size(); g++) {
      for (ClusterNode n : groups.get(g)) {
        groupOf.put(n, g);
      }
    }
    for (ClusterNode n : current) {
      Set<ClusterNode> cut = new HashSet<>();
      for (ClusterNode other : current) {
        Integer a = groupOf.get(n);
        if (other != n && (a == null || !a.equals(groupOf.get(other)))) {
          cut.add(other);
        }
      }
      set(n, cut);
    }
  }

  void heal(List<ClusterNode> current) {
    for (ClusterNode n : current) {
      set(n, Set.of());
    }
  }

  synchronized void forget(ClusterNode n) {
    blocked.remove(n);
  }

  /** Enforces {@code n}'s cut again (after it started); an empty cut only when asked. */
  void reapply(ClusterNode n, boolean evenIfEmpty) {
    Set<ClusterNode> cut;
    synchronized (this) {
      cut = blocked.getOrDefault(n, Set.of());
    }
    if (evenIfEmpty || !cut.isEmpty()) {
      network.apply(n, cut);
    }
  }

  private void set(ClusterNode n, Set<ClusterNode> cut) {
    synchronized (this) {
      blocked.put(n, Set.copyOf(cut));
    }
    network.apply(n, cut);
  }
}
