package io.coreactor.multijvm.faults;

import io.coreactor.multijvm.ClusterNode;
import io.coreactor.multijvm.EtcdClient;
import io.coreactor.multijvm.LocalCluster;
import io.coreactor.multijvm.MultiJvmCluster;
import io.coreactor.multijvm.workload.Convergence;
import io.coreactor.multijvm.workload.FaultRun;
import io.coreactor.multijvm.workload.LeaderWatch;
import io.coreactor.multijvm.workload.MvccProbe;
import io.coreactor.multijvm.workload.WorkloadSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A lease whose keep-alives stopped expires across a leader change: its keys disappear on every
 * node, at one and the same revision everywhere, while a workload runs on other keys.
 */
@MultiJvmCluster(nodes = 3)
class LeaseFaultTest {

  private static final int KEYS = 4;
  private static final long TTL_SECONDS = 3;

  @Test
  void leaseExpiresAcrossALeaderChange(LocalCluster cluster) {
    FaultRun run = FaultRun.start(cluster, "leaseExpiresAcrossALeaderChange",
        WorkloadSettings.defaults(Duration.ofSeconds(15), 6000).withClients(4));
    LeaderWatch.Leader leader = run.currentLeader();
    EtcdClient client = cluster.node(leader.node()).client();
    long lease = client.leaseGrant(TTL_SECONDS);
    long putRevision = 0;
    for (int i = 0; i < KEYS; i++) {
      putRevision = Math.max(putRevision, client.put(key(i), "leased-" + i, lease).revision());
    }
    // no keep-alive from here on; the leader that timed the lease goes away
    long killedAt = System.nanoTime();
    ClusterNode killed = run.killLeader();
    List<ClusterNode> survivors = cluster.nodes().stream().filter(ClusterNode::isRunning).toList();
    awaitGoneEverywhere(survivors, Duration.ofSeconds(TTL_SECONDS * 5 + 10));
    run.report().note("leased keys gone on every survivor %d ms after the leader was killed",
        (System.nanoTime() - killedAt) / 1_000_000);
    run.startAndRejoin(killed);
    awaitGoneEverywhere(cluster.nodes(), Duration.ofSeconds(30));
    try {
      survivors.get(0).client().leaseKeepAliveOnce(lease);
      run.problem("lease " + lease + " still answers keep-alives after its keys expired");
    } catch (EtcdClient.Refused expected) {
      // the lease is gone with its keys
    }

    // every node, the restarted one included, deleted every key at one revision
    Convergence.await(cluster.nodes(), Duration.ofSeconds(30));
    long now = cluster.nodes().get(0).client().revision(true);
    Map<String, Long> deletedAt = new TreeMap<>();
    for (ClusterNode n : cluster.nodes()) {
      for (int i = 0; i < KEYS; i++) {
        deletedAt.put(n.name() + " " + key(i), MvccProbe.deletedAt(n, key(i), putRevision, now));
      }
    }
    if (deletedAt.values().stream().distinct().count() != 1) {
      run.problem("the leased keys were not deleted at one revision on every node: " + deletedAt);
    }
    run.report().note("leased keys deleted at revision %s on every node (granted TTL %d s)",
        deletedAt.values().iterator().next(), TTL_SECONDS);
    run.finish();
  }

  private static String key(int i) {
    return "/lease/k" + i;
  }

  /** Polls until no node shows a leased key (serializable reads: each node's own store). */
  private static void awaitGoneEverywhere(List<ClusterNode> nodes, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<String> seen = new ArrayList<>();
    while (true) {
      seen.clear();
      for (ClusterNode n : nodes) {
        try {
          for (EtcdClient.KeyValue kv : n.client().range("/lease/", true)) {
            seen.add(n.name() + ":" + kv.key());
          }
        } catch (RuntimeException e) {
          seen.add(n.name() + ": " + e.getMessage());
        }
      }
      if (seen.isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("leased keys still visible after " + timeout + ": " + seen);
      }
      try {
        Thread.sleep(100); // poll interval
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
