package io.coreactor.consensus.server;

import io.coreactor.consensus.kv.ResponseHeader;
import io.coreactor.consensus.node.NodeSettings;
import io.coreactor.consensus.node.RaftNode;
import io.coreactor.consensus.raft.ConfState;
import io.coreactor.consensus.raft.Role;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This member's identity and its latest view of Raft (leader, term), shared by the server's
 * actors and its client API: the server polls its RaftNode's status and records it here.
 * Thread-safe.
 */
final class LocalMember {

  private final NodeSettings settings;
  private final KvStore store;
  private final long initialClusterId;
  private final long startedAtMillis = System.currentTimeMillis();
  private final AtomicLong leaderChanges = new AtomicLong();
  private volatile RaftNode.Status status;

  LocalMember(NodeSettings settings, KvStore store) {
    this.settings = settings;
    this.store = store;
    this.initialClusterId = MemberIds.clusterId(settings.clusterToken(), settings.initialClusterUrls().values());
    this.status = new RaftNode.Status(settings.nodeId(), 0, 0, Role.FOLLOWER, 0, 0, 0, 0, 0, ConfState.EMPTY);
  }

  long id() {
    return settings.nodeId();
  }

  String name() {
    return settings.name();
  }

  NodeSettings settings() {
    return settings;
  }

  /** The founders' cluster id: published through Raft, so a joining member learns theirs. */
  long clusterId() {
    long published = store.publishedClusterId();
    return published != 0 ? published : initialClusterId;
  }

  /** What this member computes from its own initial cluster, which it publishes. */
  long initialClusterId() {
    return initialClusterId;
  }

  long term() {
    return Math.max(status.term(), store.lastTerm());
  }

  /** The leader as last seen, 0 when none is known. */
  long leader() {
    return status.leader();
  }

  boolean isLeader() {
    return status.role() == Role.LEADER;
  }

  RaftNode.Status status() {
    return status;
  }

  long leaderChanges() {
    return leaderChanges.get();
  }

  long startedAtMillis() {
    return startedAtMillis;
  }

  /** Records a newer status; true when it names a different leader than before. */
  boolean update(RaftNode.Status next) {
    RaftNode.Status previous = status;
    status = next;
    boolean changed = next.leader() != previous.leader();
    if (changed && next.leader() != 0) {
      leaderChanges.incrementAndGet();
    }
    return changed;
  }

  /** A response header of this member at {@code revision}. */
  ResponseHeader header(long revision) {
    return new ResponseHeader(clusterId(), id(), revision, term());
  }
}
