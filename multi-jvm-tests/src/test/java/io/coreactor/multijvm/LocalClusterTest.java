package io.coreactor.multijvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The kit on three real node JVMs: start, kill, pause; each test gets a fresh cluster. */
@MultiJvmCluster(nodes = 3)
class LocalClusterTest {

  @Test
  void threeNodesStartAgreeOnTheMembersAndElectALeader(LocalCluster cluster) {
    assertThat(cluster.nodes()).extracting(ClusterNode::name).containsExactly("n1", "n2", "n3");
    Set<Long> ids = cluster.nodes().stream().map(ClusterNode::memberId).collect(Collectors.toSet());
    for (ClusterNode n : cluster.nodes()) {
      assertThat(n.isRunning()).isTrue();
      assertThat(n.pid()).isPositive();
      // The pid is the node JVM's own (ip netns exec execs in place), so signals reach the JVM.
      assertThat(ProcessHandle.of(n.pid()).flatMap(h -> h.info().command())).as(n.name())
          .hasValueSatisfying(command -> assertThat(command).endsWith("/java"));
      assertThat(n.client().members()).extracting(EtcdClient.Member::id).containsExactlyInAnyOrderElementsOf(ids);
      assertThat(n.client().status().memberId()).isEqualTo(n.memberId());
    }
    ClusterNode leader = cluster.leader().orElseThrow();
    ClusterNode follower = cluster.nodes().stream().filter(n -> n != leader).findFirst().orElseThrow();
    long revision = leader.client().put("greeting", "hello").revision();
    assertThat(follower.client().get("greeting")).hasValueSatisfying(kv -> {
      assertThat(kv.value()).isEqualTo("hello");
      assertThat(kv.modRevision()).isEqualTo(revision);
    });
    System.out.println("[multijvm] partition mode: " + cluster.partitionMode());
  }

  @Test
  void aKilledLeaderIsReplacedWithinThreeElectionTimeoutsAndComesBackCurrent(LocalCluster cluster) {
    ClusterNode old = cluster.awaitLeader(Duration.ofSeconds(10));
    old.client().put("before", "1");
    long killed = System.nanoTime();
    cluster.kill(old);
    assertThat(old.isRunning()).isFalse();
    assertThat(old.pid()).isEqualTo(-1);
    ClusterNode next = cluster.awaitLeader(cluster.electionTimeout().multipliedBy(3));
    long tookMs = (System.nanoTime() - killed) / 1_000_000;
    System.out.println("[multijvm] new leader " + next.name() + " " + tookMs + " ms after the leader was killed");
    assertThat(next).isNotSameAs(old);
    long revision = next.client().put("after", "2").revision();

    cluster.start(old);
    assertThat(Poll.until(Duration.ofSeconds(30), () -> revisionOf(old) >= revision)).isTrue();
    assertThat(old.client().getSerializable("after")).hasValueSatisfying(kv -> assertThat(kv.value()).isEqualTo("2"));
    cluster.awaitConverged(Duration.ofSeconds(30));
    assertThat(cluster.faultLog()).anyMatch(l -> l.matches("t\\+\\d+ms kill " + old.name()));
  }

  @Test
  void aPausedLeaderIsReplacedAndStepsDownWhenResumed(LocalCluster cluster) {
    ClusterNode old = cluster.awaitLeader(Duration.ofSeconds(10));
    cluster.pause(old);
    assertThat(old.isPaused()).isTrue();
    assertThat(old.isRunning()).isTrue();
    assertThatThrownBy(() -> old.client().withTimeout(Duration.ofMillis(500)).put("k", "v"))
        .isInstanceOf(EtcdClient.Indeterminate.class);

    ClusterNode next = cluster.awaitLeader(Duration.ofSeconds(15));
    assertThat(next).isNotSameAs(old);
    long revision = next.client().put("while-paused", "x").revision();

    cluster.resume(old);
    assertThat(old.isPaused()).isFalse();
    assertThat(Poll.until(Duration.ofSeconds(20), () -> revisionOf(old) >= revision && !statusIsLeader(old))).isTrue();
    assertThat(cluster.leader()).isPresent();
    cluster.awaitConverged(Duration.ofSeconds(20));
  }

  @Test
  void restartKeepsDataAndClientCallsToADownNodeAreRefused(LocalCluster cluster) {
    ClusterNode n = cluster.node(2);
    cluster.awaitLeader(Duration.ofSeconds(10)).client().put("durable", "yes");
    cluster.stop(n);
    assertThatThrownBy(() -> n.client().put("x", "y")).isInstanceOf(EtcdClient.Refused.class);
    cluster.start(n);
    assertThat(Poll.until(Duration.ofSeconds(20), () -> n.client().getSerializable("durable").isPresent())).isTrue();
    assertThat(n.logTail(1000)).contains("starting n2").contains("serving");
    assertThat(List.of(n.logFile().toFile().exists())).containsExactly(true);
  }

  static long revisionOf(ClusterNode n) {
    try {
      return n.client().withTimeout(Duration.ofMillis(500)).revision(true);
    } catch (EtcdClient.EtcdException e) {
      return -1;
    }
  }

  static boolean statusIsLeader(ClusterNode n) {
    try {
      return n.client().withTimeout(Duration.ofMillis(500)).status().isLeader();
    } catch (EtcdClient.EtcdException e) {
      return true;
    }
  }
}
