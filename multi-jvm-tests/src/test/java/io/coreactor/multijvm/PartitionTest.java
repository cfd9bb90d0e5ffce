package io.coreactor.multijvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * A leader partitioned into the minority, in both modes: it cannot commit, the majority elects
 * a new leader and commits, and after heal every member converges on the same history (the
 * minority's uncommitted write is gone). NETNS needs root; it skips without, except under CI.
 */
class PartitionTest {

  @Test
  void leaderInTheMinorityWithNetworkNamespaces(TestInfo test) {
    assumeTrue(Netns.isRoot() || "true".equals(System.getenv("CI")), "NETNS mode needs root");
    leaderInTheMinority(PartitionMode.NETNS, test);
  }

  @Test
  void leaderInTheMinorityWithTheFaultSwitch(TestInfo test) {
    leaderInTheMinority(PartitionMode.FAULT_SWITCH, test);
  }

  private static void leaderInTheMinority(PartitionMode mode, TestInfo test) {
    try (LocalCluster cluster = LocalCluster.builder().nodes(3).partitionMode(mode)
        .name("PartitionTest." + test.getTestMethod().orElseThrow().getName()).start()) {
      boolean passed = false;
      try {
        assertThat(cluster.partitionMode()).isEqualTo(mode);
        ClusterNode old = cluster.awaitLeader(Duration.ofSeconds(10));
        List<ClusterNode> rest = cluster.nodes().stream().filter(n -> n != old).toList();
        long before = old.client().put("k", "before").revision();
        cluster.awaitConverged(Duration.ofSeconds(10));

        cluster.partition(List.of(old), rest);
        // The minority cannot commit; its outcome is unknown to the client, or refused.
        assertThatThrownBy(() -> old.client().withTimeout(Duration.ofSeconds(3)).put("k", "minority"))
            .isInstanceOfAny(EtcdClient.Indeterminate.class, EtcdClient.Refused.class);
        // The test JVM still reaches the cut-off node.
        assertThat(old.client().status().memberId()).isEqualTo(old.memberId());

        ClusterNode next = awaitLeaderAmong(cluster, rest, Duration.ofSeconds(15));
        long during = next.client().put("k", "majority").revision();
        assertThat(during).isGreaterThan(before);
        assertThat(rest).allSatisfy(n -> assertThat(
            Poll.until(Duration.ofSeconds(10), () -> LocalClusterTest.revisionOf(n) >= during)).isTrue());
        assertThat(old.client().getSerializable("k")).hasValueSatisfying(kv -> assertThat(kv.value()).isEqualTo("before"));

        cluster.heal();
        long converged = cluster.awaitConverged(Duration.ofSeconds(30));
        assertThat(converged).isGreaterThanOrEqualTo(during);
        for (ClusterNode n : cluster.nodes()) {
          assertThat(n.client().getSerializable("k")).as(n.name())
              .hasValueSatisfying(kv -> assertThat(kv.value()).isEqualTo("majority"));
        }
        assertThat(cluster.leader()).isPresent();
        passed = true;
      } finally {
        if (!passed) {
          System.out.println("[multijvm] " + cluster.faultLog() + "\n" + cluster.statusReport() + cluster.logTails(40));
        }
      }
    }
  }

  /** Polls until one of {@code group} leads (as it sees itself) with a term above anyone outside. */
  static ClusterNode awaitLeaderAmong(LocalCluster cluster, List<ClusterNode> group, Duration timeout) {
    ClusterNode[] found = {null};
    boolean ok = Poll.until(timeout, () -> {
      for (ClusterNode n : group) {
        try {
          if (n.client().withTimeout(Duration.ofMillis(500)).status().isLeader()) {
            found[0] = n;
            return true;
          }
        } catch (EtcdClient.EtcdException e) {
          // not answering now
        }
      }
      return false;
    });
    assertThat(ok).as("a leader among %s:\n%s", group, cluster.statusReport()).isTrue();
    Optional<ClusterNode> overall = cluster.leader();
    assertThat(overall).as("leader() picks the highest term").contains(found[0]);
    return found[0];
  }
}
