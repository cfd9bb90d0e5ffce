package io.coreactor.consensus.server;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The cluster as etcd's members API and maintenance status see it. Membership changes go
 * through Raft, one at a time; a stage fails with a {@link io.coreactor.consensus.kv.KvException}
 * (e.g. TIMEOUT, NO_LEADER) or an {@link IllegalArgumentException} for bad input
 * (an unknown member, a peer URL already in use).
 */
public interface ClusterView {

  long clusterId();

  long memberId();

  CompletionStage<List<Member>> members();

  /**
   * Adds a member that will start with {@code initial-cluster-state = existing}; its id is
   * derived from its first peer URL exactly as the joining node derives its own (see
   * {@link MemberIds}).
   */
  CompletionStage<Member> addMember(List<String> peerUrls, boolean learner);

  CompletionStage<Void> removeMember(long id);

  CompletionStage<Member> updateMember(long id, List<String> peerUrls);

  /** This member's own status. */
  CompletionStage<NodeStatus> status();

  /**
   * etcd's HashKV on this member (not linearized): the hash of the store's history through
   * {@code revision} (0: the current one). Fails with COMPACTED or FUTURE_REV for a revision
   * out of the kept range.
   */
  default CompletionStage<KvHash> hashKv(long revision) {
    return java.util.concurrent.CompletableFuture.failedFuture(new UnsupportedOperationException("hashKv"));
  }
}
