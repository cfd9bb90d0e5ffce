package io.coreactor.gateway.v2;

import io.coreactor.consensus.kv.KvError;
import io.coreactor.consensus.server.ClusterView;
import io.coreactor.consensus.server.Member;
import io.coreactor.consensus.server.MemberIds;
import io.coreactor.consensus.server.NodeStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A {@link ClusterView} for route tests: a member list in memory and the store's revision. */
final class FakeCluster implements ClusterView {

  static final long CLUSTER_ID = 0xc1a57e5L;

  private final InMemoryKv kv;
  private final List<Member> members = new ArrayList<>();
  private final long self;
  private volatile long leader;
  private volatile boolean available = true;
  private final long startedAt = System.currentTimeMillis();

  FakeCluster(InMemoryKv kv, List<Member> initial, long self) {
    this.kv = kv;
    this.members.addAll(initial);
    this.self = self;
    this.leader = self;
  }

  /** A one-member cluster whose client URL is {@code clientUrl}. */
  static FakeCluster single(InMemoryKv kv, String clientUrl) {
    long id = MemberIds.fromPeerUrl("test", "http://127.0.0.1:2380");
    return new FakeCluster(kv, List.of(new Member(id, "n1", List.of("http://127.0.0.1:2380"),
        List.of(clientUrl), false)), id);
  }

  void setLeader(long id) {
    this.leader = id;
  }

  void setAvailable(boolean on) {
    this.available = on;
  }

  @Override
  public long clusterId() {
    return CLUSTER_ID;
  }

  @Override
  public long memberId() {
    return self;
  }

  @Override
  public synchronized CompletionStage<List<Member>> members() {
    return CompletableFuture.completedFuture(List.copyOf(members));
  }

  @Override
  public synchronized CompletionStage<Member> addMember(List<String> peerUrls, boolean learner) {
    if (!available) {
      return CompletableFuture.failedFuture(KvError.NO_LEADER.exception());
    }
    for (Member m : members) {
      if (m.peerUrls().stream().anyMatch(peerUrls::contains)) {
        return CompletableFuture.failedFuture(
            new IllegalArgumentException("membership: peerURL exists"));
      }
    }
    Member m = new Member(MemberIds.fromPeerUrl("test", peerUrls.get(0)), "", peerUrls, List.of(),
        learner);
    members.add(m);
    return CompletableFuture.completedFuture(m);
  }

  @Override
  public synchronized CompletionStage<Void> removeMember(long id) {
    if (!members.removeIf(m -> m.id() == id)) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("membership: ID not found"));
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public synchronized CompletionStage<Member> updateMember(long id, List<String> peerUrls) {
    for (int i = 0; i < members.size(); i++) {
      Member m = members.get(i);
      if (m.id() == id) {
        Member updated = new Member(id, m.name(), peerUrls, m.clientUrls(), m.learner());
        members.set(i, updated);
        return CompletableFuture.completedFuture(updated);
      }
    }
    return CompletableFuture.failedFuture(new IllegalArgumentException("membership: ID not found"));
  }

  @Override
  public CompletionStage<NodeStatus> status() {
    return CompletableFuture.completedFuture(new NodeStatus(CLUSTER_ID, self, "n1", leader, 2,
        kv.revision() + 10, kv.revision() + 10, kv.revision(), kv.compactRevision(), 0, "3.4.0",
        1, kv.revision(), startedAt));
  }
}
