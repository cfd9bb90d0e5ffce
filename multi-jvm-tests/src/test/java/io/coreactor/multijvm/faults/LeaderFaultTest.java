package io.coreactor.multijvm.faults;

import io.coreactor.multijvm.ClusterNode;
import io.coreactor.multijvm.LocalCluster;
import io.coreactor.multijvm.MultiJvmCluster;
import io.coreactor.multijvm.workload.FaultRun;
import io.coreactor.multijvm.workload.LeaderWatch;
import io.coreactor.multijvm.workload.Soak;
import io.coreactor.multijvm.workload.WorkloadSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Process faults on a 3-node cluster under a concurrent workload: kill and pause the leader, kill a follower. */
@MultiJvmCluster(nodes = 3)
class LeaderFaultTest {

  @Test
  void leaderKilledRepeatedly(LocalCluster cluster) {
    FaultRun run = FaultRun.start(cluster, "leaderKilledRepeatedly",
        WorkloadSettings.defaults(Duration.ofSeconds(15), 6000));
    run.nemesis(() -> {
      int rounds = Soak.rounds(3, 40);
      for (int i = 0; i < rounds && run.workloadRunning(); i++) {
        run.hold(Duration.ofMillis(1500));
        ClusterNode killed = run.killLeader();
        run.hold(Duration.ofSeconds(1));
        run.startAndRejoin(killed);
      }
    });
    run.finish();
  }

  @Test
  void followerKilledAndRestarted(LocalCluster cluster) {
    LeaderWatch.Leader leader = new LeaderWatch(cluster::nodes).probe().orElseThrow();
    ClusterNode follower = cluster.nodes().stream().filter(n -> !n.name().equals(leader.node())).findFirst()
        .orElseThrow();
    FaultRun run = FaultRun.start(cluster, "followerKilledAndRestarted",
        WorkloadSettings.defaults(Duration.ofSeconds(12), 5000).pinned(follower.name(), 2));
    run.nemesis(() -> {
      int rounds = Soak.rounds(2, 30);
      for (int i = 0; i < rounds && run.workloadRunning(); i++) {
        run.hold(Duration.ofSeconds(2));
        cluster.kill(follower);
        run.hold(Duration.ofSeconds(3));
        run.startAndRejoin(follower);
      }
    });
    run.finish();
  }

  @Test
  void leaderPausedPastTheElectionTimeout(LocalCluster cluster) {
    LeaderWatch.Leader leader = new LeaderWatch(cluster::nodes).probe().orElseThrow();
    // two clients stay on the paused leader: once resumed it must not serve what it believed before
    FaultRun run = FaultRun.start(cluster, "leaderPausedPastTheElectionTimeout",
        WorkloadSettings.defaults(Duration.ofSeconds(15), 6000).pinned(leader.node(), 2));
    run.nemesis(() -> {
      int rounds = Soak.rounds(2, 30);
      for (int i = 0; i < rounds && run.workloadRunning(); i++) {
        run.hold(Duration.ofSeconds(2));
        run.pauseLeader(cluster.electionTimeout().multipliedBy(4));
        run.hold(Duration.ofSeconds(3));
      }
    });
    run.finish();
  }
}
