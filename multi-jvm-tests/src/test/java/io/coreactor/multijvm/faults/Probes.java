package io.coreactor.multijvm.faults;

import io.coreactor.multijvm.ClusterNode;
import io.coreactor.multijvm.EtcdClient;
import io.coreactor.multijvm.history.History;
import io.coreactor.multijvm.workload.FaultRun;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Explicit single operations of the fault tests, recorded in the run's history (process 100 and
 * up) so that the linearizability checker covers them too.
 */
final class Probes {

  private static final int PROCESS = 100;

  private Probes() {}

  /** A put retried through {@code nodes} until one acknowledges it (each try recorded). */
  static EtcdClient.Header putUntilAcked(FaultRun run, List<ClusterNode> nodes, String key, String value,
                                         Duration timeout) {
    History h = run.workload().history();
    long deadline = System.nanoTime() + timeout.toNanos();
    int i = 0;
    while (true) {
      ClusterNode n = nodes.get(i++ % nodes.size());
      History.Invocation inv = h.invokeWrite(PROCESS, key, value);
      try {
        EtcdClient.Header header = n.client().put(key, value);
        h.ok(inv, null, false);
        return header;
      } catch (EtcdClient.Refused e) {
        h.fail(inv);
      } catch (RuntimeException e) {
        h.unknown(inv);
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no node of " + nodes + " acknowledged " + key + " = " + value + " within " + timeout);
      }
      run.hold(Duration.ofMillis(100)); // back-off between tries
    }
  }

  /** A put that must not be acknowledged: the node sits on a minority side. */
  static void putMustNotCommit(FaultRun run, ClusterNode node, String key, String value) {
    History h = run.workload().history();
    History.Invocation inv = h.invokeWrite(PROCESS + 1, key, value);
    try {
      node.client().withTimeout(Duration.ofSeconds(2)).put(key, value);
      h.ok(inv, null, false);
      run.problem(node.name() + " acknowledged a put of " + key + " = " + value + " while on the minority side");
    } catch (EtcdClient.Refused e) {
      h.fail(inv);
      run.report().note("put %s on minority-side %s: refused (%s)", key, node.name(), e.getMessage());
    } catch (RuntimeException e) {
      h.unknown(inv);
      run.report().note("put %s on minority-side %s: no answer (%s)", key, node.name(), e.getMessage());
    }
  }

  /**
   * A linearizable read on {@code node}: it may fail or time out, but an answer must be
   * {@code fresh}; anything else (the value before the partition) is a stale read.
   */
  static void readMustNotBeStale(FaultRun run, ClusterNode node, String key, String fresh) {
    History h = run.workload().history();
    History.Invocation inv = h.invokeRead(PROCESS + 2, key);
    try {
      Optional<EtcdClient.KeyValue> kv = node.client().withTimeout(Duration.ofSeconds(2)).get(key);
      // (an answer is checked below; a failure or timeout is what a cut-off member should give)
      String v = kv.map(EtcdClient.KeyValue::value).orElse(null);
      h.ok(inv, v, false);
      run.report().note("linearizable read of %s on cut-off %s: %s", key, node.name(), v);
      if (!fresh.equals(v)) {
        run.problem("stale read: " + node.name() + " answered a linearizable read of " + key + " with " + v
            + " after " + fresh + " was acknowledged by the majority");
      }
    } catch (EtcdClient.Refused e) {
      h.fail(inv);
      run.report().note("linearizable read of %s on cut-off %s: refused (%s)", key, node.name(), e.getMessage());
    } catch (RuntimeException e) {
      h.unknown(inv);
      run.report().note("linearizable read of %s on cut-off %s: no answer (%s)", key, node.name(), e.getMessage());
    }
  }

  /** The node's own (serializable) store revision. */
  static long localRevision(ClusterNode node) {
    return node.client().revision(true);
  }

  /** Nothing commits on a minority side: the isolated node's store must not have moved. */
  static void revisionMustNotMove(FaultRun run, ClusterNode node, long before) {
    long now = localRevision(node);
    if (now != before) {
      run.problem(node.name() + " applied revisions " + before + " -> " + now + " while cut off from the majority");
    }
  }

  private static void pause() {
    try {
      Thread.sleep(100); // back-off between tries
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The key's value through a linearizable read on any node that answers. */
  static Optional<String> readAnywhere(List<ClusterNode> nodes, String key, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    int i = 0;
    while (true) {
      ClusterNode n = nodes.get(i++ % nodes.size());
      try {
        return n.client().get(key).map(EtcdClient.KeyValue::value);
      } catch (RuntimeException e) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("no node answered a read of " + key + " within " + timeout, e);
        }
        pause();
      }
    }
  }
}
