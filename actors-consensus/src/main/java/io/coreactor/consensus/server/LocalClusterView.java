package io.coreactor.consensus.server;

import io.coreactor.consensus.kv.ResponseHeader;
import io.coreactor.consensus.node.NodeSettings;
import io.coreactor.consensus.raft.ConfChange;
import io.coreactor.consensus.raft.ConfState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * {@link ClusterView} on this JVM's member: who is a member (voter or learner) is Raft's conf
 * state; names and URLs come from the replicated {@link MemberRegistry}, falling back to this
 * member's initial cluster for a founder that has not published yet.
 */
final class LocalClusterView implements ClusterView {

  private final Proposer proposer;
  private final LocalMember member;

  LocalClusterView(Proposer proposer) {
    this.proposer = proposer;
    this.member = proposer.member;
  }

  @Override
  public long clusterId() {
    return member.clusterId();
  }

  @Override
  public long memberId() {
    return member.id();
  }

  @Override
  public CompletionStage<List<Member>> members() {
    return proposer.status().thenApply(status -> members(status.confState()));
  }

  private List<Member> members(ConfState conf) {
    Map<Long, MemberAttributes> known = proposer.store.members();
    NodeSettings settings = member.settings();
    List<Member> members = new ArrayList<>();
    for (long id : conf.members()) {
      MemberAttributes a = known.get(id);
      String name = a != null ? a.name() : settings.initialNames().getOrDefault(id, "");
      List<String> peerUrls = a != null && !a.peerUrls().isEmpty() ? a.peerUrls()
          : settings.initialCluster().containsKey(id) ? List.of(settings.initialCluster().get(id)) : List.of();
      members.add(new Member(id, name, peerUrls, a != null ? a.clientUrls() : List.of(), conf.isLearner(id)));
    }
    return members;
  }

  /** The id is derived from the first peer URL, as the joining member derives its own. */
  @Override
  public CompletionStage<Member> addMember(List<String> peerUrls, boolean learner) {
    if (peerUrls == null || peerUrls.isEmpty()) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("a member needs at least one peer URL"));
    }
    long id = MemberIds.fromPeerUrl(member.settings().clusterToken(), peerUrls.get(0));
    return members().thenCompose(members -> {
      for (Member m : members) {
        if (m.id() == id || m.peerUrls().stream().anyMatch(peerUrls::contains)) {
          throw new CompletionException(new IllegalArgumentException(
              "peer URL already in use by member " + MemberIds.hex(m.id()) + ": " + m.peerUrls()));
        }
      }
      String context = new MemberAttributes(0, "", peerUrls, List.of(), 0).toJson();
      ConfChange change = new ConfChange(learner ? ConfChange.Type.ADD_LEARNER : ConfChange.Type.ADD_VOTER, id, context);
      return proposer.changeMembership(change).thenApply(done -> new Member(id, "", peerUrls, List.of(), learner));
    });
  }

  @Override
  public CompletionStage<Void> removeMember(long id) {
    return members().thenCompose(members -> {
      requireMember(members, id);
      return proposer.changeMembership(new ConfChange(ConfChange.Type.REMOVE, id)).thenApply(done -> null);
    });
  }

  /** A change of attributes only, like etcd's: Raft's configuration does not change. */
  @Override
  public CompletionStage<Member> updateMember(long id, List<String> peerUrls) {
    if (peerUrls == null || peerUrls.isEmpty()) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("a member needs at least one peer URL"));
    }
    return members().thenCompose(members -> {
      Member old = requireMember(members, id);
      for (Member m : members) {
        if (m.id() != id && m.peerUrls().stream().anyMatch(peerUrls::contains)) {
          throw new CompletionException(new IllegalArgumentException(
              "peer URL already in use by member " + MemberIds.hex(m.id()) + ": " + m.peerUrls()));
        }
      }
      byte[] payload = new MemberAttributes(id, "", peerUrls, List.of(), 0).toJson().getBytes(StandardCharsets.UTF_8);
      return proposer.propose(InternalRequest.Kind.UPDATE_MEMBER, payload)
          .thenApply(done -> new Member(id, old.name(), peerUrls, old.clientUrls(), old.learner()));
    });
  }

  private static Member requireMember(List<Member> members, long id) {
    return members.stream().filter(m -> m.id() == id).findFirst().orElseThrow(() ->
        new CompletionException(new IllegalArgumentException("no member " + MemberIds.hex(id))));
  }

  @Override
  public CompletionStage<KvHash> hashKv(long revision) {
    return proposer.status().thenApply(s -> {
      long[] r = proposer.store.read(kv -> new long[] {kv.hashKv(revision), kv.revision(), kv.compactRevision()});
      ResponseHeader header = new ResponseHeader(member.clusterId(), member.id(), r[1], s.term());
      return new KvHash(header, r[0], r[2] == 0 ? -1 : r[2]);
    });
  }

  @Override
  public CompletionStage<NodeStatus> status() {
    return proposer.status().thenApply(s -> {
      long[] revisions = proposer.store.read(kv -> new long[] {kv.revision(), kv.compactRevision()});
      return new NodeStatus(member.clusterId(), member.id(), member.name(), s.leader(), s.term(), s.commit(),
          s.applied(), revisions[0], revisions[1], proposer.store.snapshotSize(), KvSettings.VERSION,
          member.leaderChanges(), s.commit(), member.startedAtMillis());
    });
  }
}
