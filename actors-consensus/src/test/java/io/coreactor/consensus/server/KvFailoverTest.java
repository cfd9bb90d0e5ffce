package io.coreactor.consensus.server;

import static io.coreactor.consensus.server.KvCluster.join;
import static org.assertj.core.api.Assertions.assertThat;

import io.coreactor.consensus.client.concurrency.Session;
import io.coreactor.consensus.kv.Bytes;
import io.coreactor.consensus.kv.LeaseGrantRequest;
import io.coreactor.consensus.kv.LeaseTimeToLiveRequest;
import io.coreactor.consensus.kv.PutRequest;
import io.coreactor.consensus.server.KvCluster.Node;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three KV members through a leader crash, and through a member joining and leaving. */
class KvFailoverTest {

  @TempDir
  Path dataRoot;

  @Test
  void leasesKeptAliveSurviveALeaderCrashAndTheNewLeaderTimesTheOthersAfresh() {
    try (KvCluster cluster = new KvCluster(3, dataRoot, "")) {
      cluster.startAll();
      Node leader = cluster.awaitLeader();
      Node follower = cluster.other(leader.name());
      Session kept = join(Session.create(follower.kv(), 2));
      join(follower.kv().put(PutRequest.of(Bytes.of("/fo/kept"), Bytes.of("1")).withLease(kept.leaseId())));
      long idle = join(follower.kv().leaseGrant(new LeaseGrantRequest(5, 0))).id();
      join(follower.kv().put(PutRequest.of(Bytes.of("/fo/idle"), Bytes.of("1")).withLease(idle)));

      cluster.stop(leader.name());
      long crashedAt = System.nanoTime();
      Node newLeader = cluster.awaitLeader();
      assertThat(newLeader.name()).isNotEqualTo(leader.name());

      // The new leader times the lease nobody keeps alive afresh, and revokes it when it expires.
      long remaining = join(newLeader.kv().leaseTimeToLive(new LeaseTimeToLiveRequest(idle, false))).ttl();
      assertThat(remaining).isBetween(1L, 5L);
      cluster.eventually(() -> cluster.running().forEach(n -> assertThat(join(n.kv().get("/fo/idle"))).isEmpty()));

      // Keep-alives went on through the failover: the key outlives its 2 s TTL several times over.
      cluster.eventually(() -> {
        assertThat(Duration.ofNanos(System.nanoTime() - crashedAt)).isGreaterThan(Duration.ofSeconds(6));
        cluster.running().forEach(n -> assertThat(join(n.kv().get("/fo/kept"))).isPresent());
      });
      assertThat(kept.isDone()).isFalse();

      kept.close();
      assertThat(join(newLeader.kv().get("/fo/kept"))).isEmpty();
    }
  }

  @Test
  void aMemberIsAddedJoinsPublishesItselfAndIsRemoved() {
    try (KvCluster cluster = new KvCluster(3, dataRoot, "")) {
      cluster.startAll();
      cluster.awaitLeader();
      Node n1 = cluster.node("n1");
      Node n2 = cluster.node("n2");
      String url4 = cluster.reserveJoiner("n4");

      Member added = join(n1.cluster().addMember(List.of(url4), false));
      assertThat(added.id()).isEqualTo(MemberIds.fromPeerUrl(KvCluster.TOKEN, url4));
      // Listed at once with its peer URL; its name and client URLs come when it starts.
      cluster.eventually(() -> assertThat(join(n2.cluster().members())).anySatisfy(m -> {
        assertThat(m.id()).isEqualTo(added.id());
        assertThat(m.peerUrls()).containsExactly(url4);
        assertThat(m.name()).isEmpty();
      }));

      Node n4 = cluster.start("n4");
      assertThat(n4.id()).isEqualTo(added.id());
      cluster.eventually(() -> assertThat(join(n1.cluster().members())).anySatisfy(m -> {
        assertThat(m.id()).isEqualTo(n4.id());
        assertThat(m.name()).isEqualTo("n4");
        assertThat(m.clientUrls()).containsExactly("http://127.0.0.1:2379/n4");
      }));
      join(n4.kv().put("/members/from-n4", "x"));
      assertThat(join(n1.kv().get("/members/from-n4"))).isPresent();
      // n4 computed another cluster id from its initial cluster; it takes the founders'.
      assertThat(n4.cluster().clusterId()).isEqualTo(n1.cluster().clusterId());

      String url5 = "http://127.0.0.1:" + KvCluster.freePort();
      Member learner = join(n2.cluster().addMember(List.of(url5), true));
      cluster.eventually(() -> assertThat(join(n1.cluster().members()))
          .anySatisfy(m -> assertThat(m.id() == learner.id() && m.learner()).isTrue()));

      join(n2.cluster().removeMember(n4.id()));
      join(n1.cluster().removeMember(learner.id()));
      List<Long> founders = List.of(n1.id(), n2.id(), cluster.node("n3").id());
      cluster.eventually(() -> assertThat(join(n1.cluster().members())).extracting(Member::id)
          .containsExactlyInAnyOrderElementsOf(founders));
      cluster.stop("n4");
      join(n2.kv().put("/members/after", "y"));
      assertThat(join(cluster.node("n3").kv().get("/members/after"))).isPresent();
    }
  }
}
