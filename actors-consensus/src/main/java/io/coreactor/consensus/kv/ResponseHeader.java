package io.coreactor.consensus.kv;

/**
 * The header of every response (etcd's {@code ResponseHeader}). The state machine knows only the
 * revision; the actor shell fills in the cluster, member and term.
 */
public record ResponseHeader(long clusterId, long memberId, long revision, long raftTerm) {

  public static ResponseHeader of(long revision) {
    return new ResponseHeader(0, 0, revision, 0);
  }

  public ResponseHeader withMember(long clusterId, long memberId, long raftTerm) {
    return new ResponseHeader(clusterId, memberId, revision, raftTerm);
  }
}
