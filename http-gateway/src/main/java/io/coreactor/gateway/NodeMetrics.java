package io.coreactor.gateway;

import io.coreactor.consensus.server.NodeStatus;

/** The node's Raft and store gauges in Prometheus text, named as etcd names them where it has them. */
final class NodeMetrics {

  private NodeMetrics() {
  }

  static void render(NodeStatus s, StringBuilder out) {
    metric(out, "etcd_server_has_leader", "gauge", "1 when a leader is known, else 0.", s.leader() != 0 ? 1 : 0);
    metric(out, "etcd_server_is_leader", "gauge", "1 when this member leads, else 0.", s.isLeader() ? 1 : 0);
    metric(out, "etcd_server_leader_changes_seen_total", "counter", "Leader changes this member has seen.",
        s.leaderChanges());
    metric(out, "etcd_server_proposals_committed_total", "gauge", "Proposals committed.", s.proposalsCommitted());
    metric(out, "etcd_server_proposals_applied_total", "gauge", "Raft entries applied.", s.raftAppliedIndex());
    metric(out, "etcd_mvcc_db_total_size_in_bytes", "gauge", "Size of the store's data.", s.dbSize());
    metric(out, "coreactor_raft_term", "gauge", "Current Raft term.", s.raftTerm());
    metric(out, "coreactor_raft_commit_index", "gauge", "Raft commit index.", s.raftIndex());
    metric(out, "coreactor_raft_applied_index", "gauge", "Raft index applied to the store.", s.raftAppliedIndex());
    metric(out, "coreactor_mvcc_revision", "gauge", "Current store revision.", s.revision());
    metric(out, "coreactor_mvcc_compact_revision", "gauge", "Last compacted revision.", s.compactRevision());
  }

  private static void metric(StringBuilder out, String name, String type, String help, long value) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    out.append(name).append(' ').append(value).append('\n');
  }
}
