package io.coreactor.multijvm.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.coreactor.multijvm.ClusterNode;
import io.coreactor.multijvm.EtcdClient;
import io.coreactor.multijvm.LocalCluster;
import io.coreactor.multijvm.MultiJvmCluster;
import io.coreactor.multijvm.Poll;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * 3 nodes: one is killed and stays dead, then another is killed and started again. The two
 * live processes are a Raft majority, so writes must succeed again soon after the restart.
 * They used not to: Pekko Cluster admits a restarted member only after removing its old
 * incarnation, which needs convergence, which the dead member (unreachable, never downed)
 * blocks, so the receptionist never listed the restarted member and it got no Raft traffic.
 */
@MultiJvmCluster(nodes = 3)
class RestartWithAMemberDeadTest {

  /** From the restarted node answering /health to an acknowledged write: an election or two. */
  private static final Duration WRITES_BACK_WITHIN = Duration.ofSeconds(20);

  @Test
  void aRestartedFollowerMakesAQuorumAgainWhileAnotherMemberStaysDead(LocalCluster cluster) {
    ClusterNode leader = cluster.awaitLeader(Duration.ofSeconds(10));
    List<ClusterNode> followers = others(cluster, leader);
    killOneThenRestartAnother(cluster, followers.get(0), followers.get(1));
  }

  @Test
  void aRestartedLeaderMakesAQuorumAgainWhileAFollowerStaysDead(LocalCluster cluster) {
    ClusterNode leader = cluster.awaitLeader(Duration.ofSeconds(10));
    killOneThenRestartAnother(cluster, others(cluster, leader).get(0), leader);
  }

  private static void killOneThenRestartAnother(LocalCluster cluster, ClusterNode dead, ClusterNode restarted) {
    cluster.kill(dead);
    List<ClusterNode> live = others(cluster, dead);
    assertThat(putWithin(live, "/rejoin/before", "1", Duration.ofSeconds(15)))
        .as("the two live members commit without %s; %s", dead.name(), cluster.statusReport()).isPresent();

    cluster.kill(restarted);
    cluster.start(restarted);
    long started = System.nanoTime();
    Optional<EtcdClient.Header> after = putWithin(live, "/rejoin/after", "2", WRITES_BACK_WITHIN);
    long tookMs = (System.nanoTime() - started) / 1_000_000;
    System.out.println("[multijvm] " + dead.name() + " dead, " + restarted.name() + " restarted: "
        + (after.isPresent() ? "writes succeed again " + tookMs + " ms after it answered" : "no write acknowledged"));
    assertThat(after).as("a write acknowledged within %s of restarting %s while %s is dead; %s\n%s",
        WRITES_BACK_WITHIN, restarted.name(), dead.name(), cluster.statusReport(), cluster.logTails(30)).isPresent();
    long revision = after.get().revision();
    assertThat(Poll.until(Duration.ofSeconds(10), () -> revisionOf(restarted) >= revision))
        .as("%s applies the write at revision %d", restarted.name(), revision).isTrue();
    assertThat(dead.isRunning()).isFalse();
  }

  /** A put tried on each node in turn until one acknowledges it; empty when none did in time. */
  private static Optional<EtcdClient.Header> putWithin(List<ClusterNode> nodes, String key, String value,
                                                        Duration timeout) {
    AtomicReference<EtcdClient.Header> acked = new AtomicReference<>();
    AtomicInteger tries = new AtomicInteger();
    Poll.until(timeout, () -> {
      ClusterNode n = nodes.get(tries.getAndIncrement() % nodes.size());
      try {
        acked.set(n.client().withTimeout(Duration.ofSeconds(2)).put(key, value));
        return true;
      } catch (RuntimeException e) {
        return false;   // refused or no answer: no quorum yet
      }
    });
    return Optional.ofNullable(acked.get());
  }

  private static long revisionOf(ClusterNode n) {
    try {
      return n.client().withTimeout(Duration.ofSeconds(1)).revision(true);
    } catch (RuntimeException e) {
      return -1;
    }
  }

  private static List<ClusterNode> others(LocalCluster cluster, ClusterNode than) {
    return cluster.nodes().stream().filter(n -> n != than).toList();
  }
}
