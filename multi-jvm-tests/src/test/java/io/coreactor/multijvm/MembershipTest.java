package io.coreactor.multijvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A member lost with its disk is replaced: wipe, remove it, add a new member that catches up. */
@MultiJvmCluster(nodes = 3)
class MembershipTest {

  @Test
  void aWipedMemberIsRemovedAndANewMemberCatchesUp(LocalCluster cluster) {
    ClusterNode leader = cluster.awaitLeader(Duration.ofSeconds(10));
    ClusterNode lost = cluster.nodes().stream().filter(n -> n != leader).findFirst().orElseThrow();
    for (int i = 0; i < 20; i++) {
      leader.client().put("key-" + i, "value-" + i);
    }
    cluster.kill(lost);
    cluster.wipe(lost);
    assertThat(lost.dataDir()).doesNotExist();
    cluster.removeMember(lost);
    assertThat(cluster.nodes()).doesNotContain(lost);
    assertThat(leader.client().members()).extracting(EtcdClient.Member::id).doesNotContain(lost.memberId());
    assertThatThrownBy(() -> cluster.addMember(lost.name())).isInstanceOf(IllegalArgumentException.class);

    ClusterNode fresh = cluster.addMember("n4");
    assertThat(fresh.peerUrl()).isNotEqualTo(lost.peerUrl());
    assertThat(fresh.memberId()).isNotEqualTo(lost.memberId());
    assertThat(cluster.nodes()).hasSize(3).contains(fresh).doesNotContain(lost);
    ClusterNode current = cluster.awaitLeader(Duration.ofSeconds(10));
    long revision = current.client().put("after-join", "yes").revision();
    assertThat(current.client().members()).extracting(EtcdClient.Member::id)
        .containsExactlyInAnyOrderElementsOf(cluster.nodes().stream().map(ClusterNode::memberId).toList());

    long converged = cluster.awaitConverged(Duration.ofSeconds(30));
    assertThat(converged).isGreaterThanOrEqualTo(revision);
    assertThat(fresh.client().getSerializable("key-7")).hasValueSatisfying(kv -> assertThat(kv.value()).isEqualTo("value-7"));
    assertThat(fresh.client().hashKv()).isEqualTo(current.client().hashKv());
  }
}
