package io.coreactor.gateway.testing;

import io.coreactor.consensus.kv.ResponseHeader;
import io.coreactor.consensus.server.ClusterView;
import io.coreactor.consensus.server.KvHash;
import io.coreactor.consensus.server.Member;
import io.coreactor.consensus.server.NodeStatus;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/** A {@link ClusterView} of one member with {@link LocalKvClient}'s ids; its leader can be unset. */
public final class FixedCluster implements ClusterView {

  /** The leader this member reports; 0 means none is known. */
  public final AtomicLong leader = new AtomicLong(LocalKvClient.MEMBER_ID);

  private final LocalKvClient kv;

  public FixedCluster(LocalKvClient kv) {
    this.kv = kv;
  }

  @Override
  public long clusterId() {
    return LocalKvClient.CLUSTER_ID;
  }

  @Override
  public long memberId() {
    return LocalKvClient.MEMBER_ID;
  }

  @Override
  public CompletionStage<List<Member>> members() {
    return CompletableFuture.completedFuture(List.of(new Member(LocalKvClient.MEMBER_ID, "n1",
        List.of("http://127.0.0.1:2380"), List.of("http://127.0.0.1:2379"), false)));
  }

  @Override
  public CompletionStage<Member> addMember(List<String> peerUrls, boolean learner) {
    return CompletableFuture.failedFuture(new UnsupportedOperationException("fixed cluster"));
  }

  @Override
  public CompletionStage<Void> removeMember(long id) {
    return CompletableFuture.failedFuture(new UnsupportedOperationException("fixed cluster"));
  }

  @Override
  public CompletionStage<Member> updateMember(long id, List<String> peerUrls) {
    return CompletableFuture.failedFuture(new UnsupportedOperationException("fixed cluster"));
  }

  @Override
  public CompletionStage<KvHash> hashKv(long revision) {
    return kv.hashKv(revision).thenApply(r -> new KvHash(
        new ResponseHeader(LocalKvClient.CLUSTER_ID, LocalKvClient.MEMBER_ID, r[1], LocalKvClient.TERM),
        r[0], r[2] == 0 ? -1 : r[2]));
  }

  @Override
  public CompletionStage<NodeStatus> status() {
    return kv.range(io.coreactor.consensus.kv.RangeRequest.key(io.coreactor.consensus.kv.Bytes.of("x")))
        .thenApply(r -> new NodeStatus(LocalKvClient.CLUSTER_ID, LocalKvClient.MEMBER_ID, "n1", leader.get(),
            LocalKvClient.TERM, 12, 12, r.header().revision(), -1, 4096, "3.4.0", 1, 9, 0));
  }
}
