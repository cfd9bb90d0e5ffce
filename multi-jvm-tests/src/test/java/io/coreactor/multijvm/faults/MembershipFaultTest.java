package io.coreactor.multijvm.faults;

import io.coreactor.multijvm.ClusterNode;
import io.coreactor.multijvm.EtcdClient;
import io.coreactor.multijvm.LocalCluster;
import io.coreactor.multijvm.MultiJvmCluster;
import io.coreactor.multijvm.workload.FaultRun;
import io.coreactor.multijvm.workload.LeaderWatch;
import io.coreactor.multijvm.workload.Soak;
import io.coreactor.multijvm.workload.WorkloadSettings;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Restarts and membership changes of a 3-node cluster under a concurrent workload. */
@MultiJvmCluster(nodes = 3)
class MembershipFaultTest {

  @Test
  void rollingRestartOfEveryNode(LocalCluster cluster) {
    FaultRun run = FaultRun.start(cluster, "rollingRestartOfEveryNode",
        WorkloadSettings.defaults(Duration.ofSeconds(22), 8000));
    run.nemesis(() -> {
      int rounds = Soak.rounds(1, 10);
      for (int r = 0; r < rounds && run.workloadRunning(); r++) {
        for (ClusterNode n : List.copyOf(cluster.nodes())) {
          run.hold(Duration.ofSeconds(1));
          LeaderWatch.Leader leader = run.currentLeader();
          long at = System.nanoTime();
          cluster.stop(n);
          if (leader.node().equals(n.name())) {
            run.newLeaderAfter("stop leader " + n.name(), leader, at);
          }
          run.startAndRejoin(n);
        }
      }
    });
    run.finish();
  }

  @Test
  void wipedNodeComesBackThroughRemoveAndAdd(LocalCluster cluster) {
    FaultRun run = FaultRun.start(cluster, "wipedNodeComesBackThroughRemoveAndAdd",
        WorkloadSettings.defaults(Duration.ofSeconds(18), 8000));
    run.nemesis(() -> {
      int rounds = Soak.rounds(1, 5);
      for (int r = 0; r < rounds && run.workloadRunning(); r++) {
        run.hold(Duration.ofSeconds(3));
        LeaderWatch.Leader leader = run.currentLeader();
        ClusterNode victim = cluster.nodes().stream().filter(n -> !n.name().equals(leader.node())).findFirst()
            .orElseThrow();
        cluster.stop(victim);
        cluster.wipe(victim);
        cluster.removeMember(victim);
        ClusterNode fresh = cluster.addMember("n" + (4 + r));
        Set<Long> expected = cluster.nodes().stream().map(ClusterNode::memberId).collect(Collectors.toSet());
        if (!expected.contains(fresh.memberId()) || expected.contains(victim.memberId())) {
          run.problem("the kit's members after replacing " + victim.name() + " by " + fresh.name() + ": " + cluster.nodes());
        }
        awaitMembers(run, expected);
      }
    });
    run.finish(); // converges every running member, the new one included
  }

  /** Polls the leader's member list until it is exactly {@code expected} (ids). */
  private static void awaitMembers(FaultRun run, Set<Long> expected) {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    Set<Long> seen = Set.of();
    while (System.nanoTime() < deadline) {
      try {
        seen = run.cluster().node(run.currentLeader().node()).client().members().stream()
            .map(EtcdClient.Member::id).collect(Collectors.toSet());
        if (seen.equals(expected)) {
          return;
        }
      } catch (RuntimeException e) {
        // the leader may change under the workload: ask again
      }
      run.hold(Duration.ofMillis(100));
    }
    run.problem("the leader's member list is " + seen + ", not " + expected);
  }
}
