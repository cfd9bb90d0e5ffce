package io.coreactor.gateway.v3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coreactor.consensus.kv.ResponseHeader;
import io.coreactor.consensus.server.KvHash;
import io.coreactor.consensus.server.Member;
import io.coreactor.consensus.server.NodeStatus;
import java.util.List;

/**
 * etcd's Cluster and Maintenance messages to and from JSON. Their proto fields are camelCase
 * ({@code peerURLs}, {@code raftIndex}, {@code dbSize}), so that is how they appear.
 */
public final class ClusterJson {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** A member list with the status its header is taken from. */
  public record MemberList(NodeStatus status, List<Member> members) {
    public MemberList {
      members = List.copyOf(members);
    }
  }

  private ClusterJson() {
  }

  public static EmptyRequest memberListRequest(JsonNode body) {
    return EmptyRequest.read(body, "etcdserverpb.MemberListRequest");
  }

  public static EmptyRequest statusRequest(JsonNode body) {
    return EmptyRequest.read(body, "etcdserverpb.StatusRequest");
  }

  /** etcd's HashKVRequest: the revision to hash through (0: the current one). */
  public static long hashKvRequest(JsonNode body) {
    return ProtoReader.of(body, "etcdserverpb.HashKVRequest", java.util.Set.of("revision")).int64("revision");
  }

  /** etcd's HashKVResponse: hash is a uint32 (a JSON number), compact_revision an int64 (a string). */
  public static ObjectNode hashKvResponse(KvHash h) {
    ObjectNode node = KvJson.withHeader(h.header()).node();
    if (h.hash() != 0) {
      node.put("hash", h.hash());
    }
    return ProtoWriter.on(node).int64("compact_revision", h.compactRevision()).node();
  }

  /** The header etcd puts on cluster answers: this member's view, at its current revision. */
  public static ResponseHeader header(NodeStatus s) {
    return new ResponseHeader(s.clusterId(), s.memberId(), s.revision(), s.raftTerm());
  }

  public static ObjectNode memberListResponse(MemberList r) {
    ArrayNode list = NODES.arrayNode();
    for (Member m : r.members()) {
      list.add(member(m));
    }
    return KvJson.withHeader(header(r.status())).repeated("members", list).node();
  }

  public static ObjectNode member(Member m) {
    return ProtoWriter.on(NODES.objectNode())
        .uint64("ID", m.id())
        .string("name", m.name())
        .repeated("peerURLs", strings(m.peerUrls()))
        .repeated("clientURLs", strings(m.clientUrls()))
        .bool("isLearner", m.learner())
        .node();
  }

  public static ObjectNode statusResponse(NodeStatus s) {
    return KvJson.withHeader(header(s))
        .string("version", s.version())
        .int64("dbSize", s.dbSize())
        .uint64("leader", s.leader())
        .uint64("raftIndex", s.raftIndex())
        .uint64("raftTerm", s.raftTerm())
        .uint64("raftAppliedIndex", s.raftAppliedIndex())
        .int64("dbSizeInUse", s.dbSize())
        .node();
  }

  private static ArrayNode strings(List<String> values) {
    ArrayNode out = NODES.arrayNode();
    values.forEach(out::add);
    return out;
  }
}
