package io.coreactor.multijvm.workload;

import io.coreactor.multijvm.ClusterNode;
import io.coreactor.multijvm.EtcdClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * After healing, every running node must reach the same revision and the same content hash
 * (etcd's HashKV). {@link #await} polls until they do or the deadline passes.
 */
public final class Convergence {

  private Convergence() {}

  /** Why these states differ, or empty when they all agree on revision and hash. */
  public static Optional<String> divergence(List<NodeState> states) {
    if (states.isEmpty()) {
      return Optional.of("no node answered");
    }
    NodeState first = states.get(0);
    for (NodeState s : states) {
      if (s.revision() != first.revision() || s.hashRevision() != first.hashRevision()) {
        return Optional.of("revisions differ: " + states);
      }
      if (s.hash() != first.hash()) {
        return Optional.of("same revision " + s.revision() + ", different content: " + states);
      }
    }
    return Optional.empty();
  }

  /**
   * Polls {@code nodes} until they agree; returns their common states.
   *
   * @throws AssertionError with the last states seen when the deadline passes
   */
  public static List<NodeState> await(List<ClusterNode> nodes, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "not polled";
    while (true) {
      try {
        List<NodeState> states = poll(nodes);
        Optional<String> why = divergence(states);
        if (why.isEmpty()) {
          return states;
        }
        last = why.get();
      } catch (RuntimeException e) {
        last = "a node did not answer: " + e;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("nodes did not converge within " + timeout + ": " + last);
      }
      Pause.briefly(100);
    }
  }

  /** One state per node, revision first then hash; retried by the caller when they race a write. */
  public static List<NodeState> poll(List<ClusterNode> nodes) {
    List<NodeState> states = new ArrayList<>();
    for (ClusterNode n : nodes) {
      EtcdClient c = n.client();
      long revision = c.revision(true);
      EtcdClient.HashKv h = c.hashKv();
      states.add(new NodeState(n.name(), revision, h.hash(), h.revision()));
    }
    return states;
  }
}
