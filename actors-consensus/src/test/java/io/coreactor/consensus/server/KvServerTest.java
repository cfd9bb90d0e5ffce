package io.coreactor.consensus.server;

import static io.coreactor.consensus.server.KvCluster.WAIT;
import static io.coreactor.consensus.server.KvCluster.join;
import static org.assertj.core.api.Assertions.assertThat;

import io.coreactor.consensus.client.LeaseKeepAliveResponse;
import io.coreactor.consensus.client.Watch;
import io.coreactor.consensus.client.WatchRequest;
import io.coreactor.consensus.client.WatchResponse;
import io.coreactor.consensus.kv.Bytes;
import io.coreactor.consensus.kv.CompactionRequest;
import io.coreactor.consensus.kv.Compare;
import io.coreactor.consensus.kv.Event;
import io.coreactor.consensus.kv.KeyValue;
import io.coreactor.consensus.kv.KvConfig;
import io.coreactor.consensus.kv.KvError;
import io.coreactor.consensus.kv.KvException;
import io.coreactor.consensus.kv.LeaseGrantRequest;
import io.coreactor.consensus.kv.LeaseRevokeRequest;
import io.coreactor.consensus.kv.LeaseTimeToLiveRequest;
import io.coreactor.consensus.kv.PutRequest;
import io.coreactor.consensus.kv.PutResponse;
import io.coreactor.consensus.kv.RangeRequest;
import io.coreactor.consensus.kv.RangeResponse;
import io.coreactor.consensus.kv.TxnRequest;
import io.coreactor.consensus.kv.TxnResponse;
import io.coreactor.consensus.node.RaftNode;
import io.coreactor.consensus.server.KvCluster.Node;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three KV members on loopback, one cluster for every test here (each test uses its own keys):
 * reads, writes and txns across members, watches, compaction, lease expiry, members, and the
 * entries a member must survive.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KvServerTest {

  private KvCluster cluster;
  private Node n1;
  private Node n2;
  private Node n3;

  @BeforeAll
  void start(@TempDir Path dataRoot) {
    cluster = new KvCluster(3, dataRoot, "");
    cluster.startAll();
    cluster.awaitLeader();
    n1 = cluster.node("n1");
    n2 = cluster.node("n2");
    n3 = cluster.node("n3");
  }

  @AfterAll
  void stop() {
    cluster.close();
  }

  @Test
  void aPutOnOneMemberIsSeenByALinearizableGetOnAnother() {
    PutResponse put = join(n1.kv().put("/kv/a", "1"));

    KeyValue seen = join(n2.kv().get("/kv/a")).orElseThrow();
    assertThat(seen.value().toStringUtf8()).isEqualTo("1");
    assertThat(seen.modRevision()).isEqualTo(put.header().revision());
    assertThat(put.header().memberId()).isEqualTo(n1.id());
    assertThat(put.header().clusterId()).isEqualTo(n1.cluster().clusterId()).isNotZero();
    assertThat(put.header().raftTerm()).isPositive();

    RangeResponse range = join(n3.kv().range(RangeRequest.prefix(Bytes.of("/kv/"))));
    assertThat(range.header().memberId()).isEqualTo(n3.id());
    assertThat(range.header().clusterId()).isEqualTo(put.header().clusterId());
    assertThat(range.kvs()).extracting(kv -> kv.key().toStringUtf8()).containsExactly("/kv/a");
    // The proposing member answered from its own apply, so a serializable read there sees the write.
    RangeResponse local = join(n1.kv().range(RangeRequest.key(Bytes.of("/kv/a")).withSerializable(true)));
    assertThat(local.kvs()).extracting(kv -> kv.value().toStringUtf8()).containsExactly("1");
  }

  @Test
  void aTxnComparesAndSwapsAtomically() {
    Bytes key = Bytes.of("/txn/cas");
    join(n1.kv().put(PutRequest.of(key, Bytes.of("a"))));

    TxnRequest swapAForB = cas(key, "a", "b");
    TxnResponse first = join(n2.kv().txn(swapAForB));
    TxnResponse second = join(n3.kv().txn(cas(key, "a", "c")));

    assertThat(first.succeeded()).isTrue();
    assertThat(second.succeeded()).isFalse();
    assertThat(((RangeResponse) second.responses().get(0)).kvs().get(0).value().toStringUtf8()).isEqualTo("b");
    assertThat(join(n1.kv().get("/txn/cas")).orElseThrow().value().toStringUtf8()).isEqualTo("b");
  }

  private static TxnRequest cas(Bytes key, String expected, String next) {
    return new TxnRequest(List.of(Compare.value(key, Compare.Result.EQUAL, Bytes.of(expected))),
        List.of(PutRequest.of(key, Bytes.of(next))), List.of(RangeRequest.key(key)));
  }

  @Test
  void aRequestTooLargeIsRefusedAndNothingIsWritten() {
    long before = join(n2.cluster().status()).revision();
    Bytes tooLarge = Bytes.copyOf(new byte[KvConfig.DEFAULT_MAX_REQUEST_BYTES + 1]);

    Throwable refused = failure(n2.kv().put(PutRequest.of(Bytes.of("/big"), tooLarge)));

    assertThat(refused).isInstanceOfSatisfying(KvException.class,
        e -> assertThat(e.error()).isEqualTo(KvError.REQUEST_TOO_LARGE));
    assertThat(join(n1.kv().get("/big"))).isEmpty();
    assertThat(join(n2.cluster().status()).revision()).isEqualTo(before);
  }

  @Test
  void anUndecodableEntryDoesNotCrashAnyMember() {
    ActorRef<RaftNode.Command> raft = join(n3.member().raft());
    TestProbe<RaftNode.ProposeReply> proposer = n3.kit().createTestProbe();

    raft.tell(new RaftNode.Propose(new byte[] {1, 2, 3}, proposer.ref()));
    assertThat(proposer.receiveMessage(WAIT)).isInstanceOfSatisfying(RaftNode.Applied.class,
        applied -> assertThat((String) applied.result()).startsWith("invalid entry"));
    byte[] noCommand = new InternalRequest(InternalRequest.Kind.KV, 0, 0, new byte[] {9, 9}).encode();
    raft.tell(new RaftNode.Propose(noCommand, proposer.ref()));
    assertThat(proposer.receiveMessage(WAIT)).isInstanceOfSatisfying(RaftNode.Applied.class,
        applied -> assertThat((String) applied.result()).startsWith("invalid KV command"));

    // Every member applied both entries and still serves.
    PutResponse after = join(n3.kv().put("/after-garbage", "ok"));
    for (Node node : cluster.running()) {
      assertThat(join(node.kv().get("/after-garbage"))).isPresent();
      assertThat(join(node.cluster().status()).raftAppliedIndex()).isPositive();
    }
    assertThat(after.header().revision()).isPositive();
  }

  @Test
  void aWatchOnOneMemberSeesWritesOnAnotherAndAWatchFromThePastReplaysThenFollows() {
    Bytes prefix = Bytes.of("/watch/");
    List<WatchResponse> live = new CopyOnWriteArrayList<>();
    Watch liveWatch = n3.kv().watch(WatchRequest.prefix(prefix), live::add);
    cluster.await(WAIT, () -> assertThat(live).first().matches(WatchResponse::created));

    long first = join(n1.kv().put("/watch/a", "1")).header().revision();
    join(n1.kv().put("/watch/b", "2"));
    join(n2.kv().delete("/watch/a"));
    join(n1.kv().put("/other", "x"));   // outside the prefix

    cluster.await(WAIT, () -> assertThat(events(live)).hasSize(3));
    assertThat(describe(events(live))).containsExactly("PUT /watch/a=1", "PUT /watch/b=2", "DELETE /watch/a");

    List<WatchResponse> replayed = new CopyOnWriteArrayList<>();
    Watch replay = n2.kv().watch(WatchRequest.prefix(prefix).fromRevision(first).withPrevKv(true), replayed::add);
    cluster.await(WAIT, () -> assertThat(events(replayed)).hasSize(3));
    join(n1.kv().put("/watch/c", "3"));
    cluster.await(WAIT, () -> assertThat(events(replayed)).hasSize(4));

    assertThat(replayed.get(0).created()).isTrue();
    assertThat(describe(events(replayed)))
        .containsExactly("PUT /watch/a=1", "PUT /watch/b=2", "DELETE /watch/a", "PUT /watch/c=3");
    assertThat(events(replayed).get(2).prevKv().value().toStringUtf8()).isEqualTo("1");
    assertRevisionsNeverSplitOrRepeat(replayed);
    assertRevisionsNeverSplitOrRepeat(live);

    liveWatch.cancel();
    replay.cancel();
    cluster.await(WAIT, () -> assertThat(live.get(live.size() - 1).canceled()).isTrue());
    cluster.await(WAIT, () -> assertThat(replayed.get(replayed.size() - 1).canceled()).isTrue());
  }

  @Test
  void aWatchFromACompactedRevisionIsRefusedWithTheCompactRevision() {
    long old = join(n1.kv().put("/compact/k", "1")).header().revision();
    join(n1.kv().put("/compact/k", "2"));
    long compactTo = join(n1.kv().put("/compact/k", "3")).header().revision();
    join(n2.kv().compact(new CompactionRequest(compactTo, false)));
    // A linearizable read makes n3 apply the compaction: a watch is served by the member's own replica.
    assertThat(failure(n3.kv().range(RangeRequest.key(Bytes.of("/compact/k")).withRevision(old))))
        .isInstanceOfSatisfying(KvException.class, e -> assertThat(e.error()).isEqualTo(KvError.COMPACTED));

    List<WatchResponse> responses = new CopyOnWriteArrayList<>();
    n3.kv().watch(WatchRequest.key(Bytes.of("/compact/k")).fromRevision(old), responses::add);
    cluster.await(WAIT, () -> assertThat(responses).hasSize(2));

    assertThat(responses.get(0).created()).isTrue();
    assertThat(responses.get(1).canceled()).isTrue();
    assertThat(responses.get(1).compactRevision()).isEqualTo(compactTo);
  }

  @Test
  void anExpiredLeaseDeletesItsKeysOnEveryMemberAtTheSameRevision() {
    long lease = join(n2.kv().leaseGrant(new LeaseGrantRequest(2, 0))).id();
    Map<String, List<WatchResponse>> deletes = new TreeMap<>();
    for (Node node : cluster.running()) {
      List<WatchResponse> seen = new CopyOnWriteArrayList<>();
      node.kv().watch(WatchRequest.prefix(Bytes.of("/lease/")).withFilters(true, false), seen::add);
      deletes.put(node.name(), seen);
    }
    cluster.eventually(() -> deletes.values().forEach(seen -> assertThat(seen).isNotEmpty()));
    join(n1.kv().put(PutRequest.of(Bytes.of("/lease/a"), Bytes.of("1")).withLease(lease)));
    join(n3.kv().put(PutRequest.of(Bytes.of("/lease/b"), Bytes.of("2")).withLease(lease)));

    // Answered by the leader's keeper, whichever member is asked.
    long remaining = join(n3.kv().leaseTimeToLive(new LeaseTimeToLiveRequest(lease, true))).ttl();
    assertThat(remaining).isBetween(0L, 2L);
    assertThat(join(n1.kv().leaseTimeToLive(new LeaseTimeToLiveRequest(lease, true))).keys()).hasSize(2);

    cluster.eventually(() -> deletes.values().forEach(seen -> assertThat(events(seen)).hasSize(2)));
    Set<Long> revisions = deletes.values().stream().flatMap(seen -> events(seen).stream())
        .map(e -> e.kv().modRevision()).collect(Collectors.toSet());
    assertThat(revisions).as("one revision on every member").hasSize(1);
    for (Node node : cluster.running()) {
      assertThat(join(node.kv().get("/lease/a"))).isEmpty();
      assertThat(join(node.kv().leases()).leases()).doesNotContain(lease);
    }
    assertThat(failure(n1.kv().leaseKeepAlive(lease))).isInstanceOfSatisfying(KvException.class,
        e -> assertThat(e.error()).isEqualTo(KvError.LEASE_NOT_FOUND));
  }

  @Test
  void keepAlivesFromEveryMemberRenewALeaseAtTheLeader() {
    long lease = join(n1.kv().leaseGrant(new LeaseGrantRequest(30, 0))).id();
    for (int round = 0; round < 3; round++) {
      for (Node node : cluster.running()) {
        LeaseKeepAliveResponse renewed = join(node.kv().leaseKeepAlive(lease));
        assertThat(renewed.ttl()).isEqualTo(30);
        assertThat(renewed.header().memberId()).isEqualTo(node.id());
      }
    }
    join(n2.kv().leaseRevoke(new LeaseRevokeRequest(lease)));
    assertThat(failure(n3.kv().leaseKeepAlive(lease))).isInstanceOfSatisfying(KvException.class,
        e -> assertThat(e.error()).isEqualTo(KvError.LEASE_NOT_FOUND));
  }

  @Test
  void theMemberListShowsNamesPeerAndClientUrlsAndEveryMemberReportsItsStatus() {
    List<Member> members = cluster.await(WAIT, () -> {
      List<Member> list = join(n2.cluster().members());
      assertThat(list).extracting(Member::name).containsExactlyInAnyOrder("n1", "n2", "n3");
      assertThat(list).allMatch(m -> !m.clientUrls().isEmpty());
      return list;
    });
    for (Member m : members) {
      assertThat(m.clientUrls()).containsExactly("http://127.0.0.1:2379/" + m.name());
      assertThat(m.peerUrls()).containsExactly(cluster.peerUrl(m.name()));
      assertThat(m.id()).isEqualTo(MemberIds.fromPeerUrl(KvCluster.TOKEN, cluster.peerUrl(m.name())));
      assertThat(m.learner()).isFalse();
    }
    NodeStatus status = join(n1.cluster().status());
    assertThat(status.memberId()).isEqualTo(n1.id());
    assertThat(status.name()).isEqualTo("n1");
    assertThat(status.version()).isEqualTo("3.4.0");
    assertThat(status.leader()).isEqualTo(join(n3.cluster().status()).leader()).isNotZero();
    assertThat(status.dbSize()).isPositive();
    assertThat(status.raftTerm()).isPositive();
  }

  @Test
  void memberUpdatesAndBadMembershipRequestsAreRefusedOrApplied() {
    String moved = "http://127.0.0.1:1/n3-moved";
    assertThat(failure(n1.cluster().addMember(List.of(cluster.peerUrl("n2")), false)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(failure(n1.cluster().removeMember(42))).isInstanceOf(IllegalArgumentException.class);
    assertThat(failure(n1.cluster().updateMember(n3.id(), List.of(cluster.peerUrl("n1")))))
        .isInstanceOf(IllegalArgumentException.class);

    Member updated = join(n1.cluster().updateMember(n3.id(), List.of(moved)));
    assertThat(updated.peerUrls()).containsExactly(moved);
    cluster.await(WAIT, () -> assertThat(join(n2.cluster().members()))
        .anySatisfy(m -> assertThat(m.peerUrls()).containsExactly(moved)));
    join(n1.cluster().updateMember(n3.id(), List.of(cluster.peerUrl("n3"))));
  }

  private static List<Event> events(List<WatchResponse> responses) {
    return responses.stream().flatMap(r -> r.events().stream()).toList();
  }

  private static List<String> describe(List<Event> events) {
    return events.stream().map(e -> e.type() + " " + e.kv().key()
        + (e.type() == Event.Type.PUT ? "=" + e.kv().value().toStringUtf8() : "")).toList();
  }

  /** A response's revisions go up, and the next response starts past them: none split, none repeated. */
  private static void assertRevisionsNeverSplitOrRepeat(List<WatchResponse> responses) {
    long last = 0;
    for (WatchResponse r : responses) {
      if (r.events().isEmpty()) {
        continue;
      }
      assertThat(r.events().get(0).kv().modRevision()).isGreaterThan(last);
      for (Event e : r.events()) {
        assertThat(e.kv().modRevision()).isGreaterThanOrEqualTo(last);
        last = e.kv().modRevision();
      }
    }
  }

  /** The cause a stage failed with. */
  static Throwable failure(CompletionStage<?> stage) {
    try {
      stage.toCompletableFuture().get(15, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable t = e.getCause();
      while (t instanceof CompletionException && t.getCause() != null) {
        t = t.getCause();
      }
      return t;
    } catch (Exception e) {
      throw new AssertionError("stage did not complete: " + e, e);
    }
    throw new AssertionError("stage succeeded");
  }
}
