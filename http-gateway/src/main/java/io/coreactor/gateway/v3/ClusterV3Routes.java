package io.coreactor.gateway.v3;

import io.coreactor.consensus.server.ClusterView;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/** etcd's Cluster service under {@code /v3/cluster}: member list. */
public final class ClusterV3Routes extends AllDirectives {

  private final ClusterView cluster;
  private final V3Replies replies;

  public ClusterV3Routes(ClusterView cluster, V3Replies replies) {
    this.cluster = cluster;
    this.replies = replies;
  }

  public Route route() {
    return path(PathMatchers.segment("cluster").slash("member").slash("list"), () -> replies.unary(
        ClusterJson::memberListRequest,
        q -> cluster.status().thenCombine(cluster.members(), ClusterJson.MemberList::new),
        ClusterJson::memberListResponse));
  }
}
