package io.coreactor.multijvm.faults;

import io.coreactor.multijvm.ClusterNode;
import io.coreactor.multijvm.LocalCluster;
import io.coreactor.multijvm.MultiJvmCluster;
import io.coreactor.multijvm.workload.FaultRun;
import io.coreactor.multijvm.workload.LeaderWatch;
import io.coreactor.multijvm.workload.Soak;
import io.coreactor.multijvm.workload.WorkloadSettings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A 5-node cluster keeps going through two simultaneous failures, and a 2|3 split with the leader on the 2 side. */
@MultiJvmCluster(nodes = 5)
class FiveNodeFaultTest {

  @Test
  void twoSimultaneousFailures(LocalCluster cluster) {
    FaultRun run = FaultRun.start(cluster, "twoSimultaneousFailures",
        WorkloadSettings.defaults(Duration.ofSeconds(18), 8000).withClients(10));
    run.nemesis(() -> {
      int rounds = Soak.rounds(1, 20);
      for (int i = 0; i < rounds && run.workloadRunning(); i++) {
        run.hold(Duration.ofSeconds(2));
        LeaderWatch.Leader leader = run.currentLeader();
        List<ClusterNode> followers = followers(cluster, leader);
        List<ClusterNode> two;
        long at = System.nanoTime();
        if (i % 2 == 0) { // the leader and a follower at once
          two = List.of(cluster.node(leader.node()), followers.get(0));
          cluster.kill(two.get(0));
          cluster.kill(two.get(1));
          run.newLeaderAfter("kill leader " + two.get(0).name() + " and " + two.get(1).name(), leader, at);
        } else { // two followers at once: the leader keeps its quorum
          two = followers.subList(0, 2);
          cluster.kill(two.get(0));
          cluster.kill(two.get(1));
        }
        run.hold(Duration.ofSeconds(3));
        // One after the other: the first must rejoin while the second is still dead, which
        // Pekko Cluster alone never allows (multi-jvm-tests README, "What the fault tests found").
        run.startAndRejoin(two.get(0));
        run.startAndRejoin(two.get(1));
      }
    });
    run.finish();
  }

  @Test
  void leaderAndAFollowerInTheMinority(LocalCluster cluster) {
    LeaderWatch.Leader first = new LeaderWatch(cluster::nodes).probe().orElseThrow();
    FaultRun run = FaultRun.start(cluster, "leaderAndAFollowerInTheMinority",
        WorkloadSettings.defaults(Duration.ofSeconds(15), 6000).withClients(10).pinned(first.node(), 2));
    run.nemesis(() -> {
      int rounds = Soak.rounds(1, 20);
      for (int i = 0; i < rounds && run.workloadRunning(); i++) {
        run.hold(Duration.ofSeconds(2));
        LeaderWatch.Leader old = run.currentLeader();
        ClusterNode oldLeader = cluster.node(old.node());
        List<ClusterNode> others = followers(cluster, old);
        List<ClusterNode> minority = List.of(oldLeader, others.get(0));
        List<ClusterNode> majority = others.subList(1, others.size());
        String key = "/stale/" + i;
        Probes.putUntilAcked(run, List.of(oldLeader), key, "old-" + i, Duration.ofSeconds(10));
        long at = System.nanoTime();
        cluster.partition(minority, majority);
        run.newLeaderAfter("split " + names(minority) + " | " + names(majority), old, at);
        long before = Probes.localRevision(oldLeader);
        Probes.putUntilAcked(run, majority, key, "new-" + i, Duration.ofSeconds(10));
        Probes.readMustNotBeStale(run, oldLeader, key, "new-" + i);
        Probes.readMustNotBeStale(run, others.get(0), key, "new-" + i);
        Probes.putMustNotCommit(run, oldLeader, "/minority/l" + i, "minority-" + i);
        run.hold(Duration.ofSeconds(2));
        Probes.revisionMustNotMove(run, oldLeader, before);
        cluster.heal();
      }
    });
    run.finish();
  }

  private static List<ClusterNode> followers(LocalCluster cluster, LeaderWatch.Leader leader) {
    return cluster.nodes().stream().filter(n -> !n.name().equals(leader.node()) && n.isRunning()).toList();
  }

  private static List<String> names(List<ClusterNode> nodes) {
    return nodes.stream().map(ClusterNode::name).toList();
  }
}
