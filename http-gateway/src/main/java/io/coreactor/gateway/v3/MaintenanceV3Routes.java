package io.coreactor.gateway.v3;

import io.coreactor.consensus.server.ClusterView;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/** etcd's Maintenance service under {@code /v3/maintenance}: status. */
public final class MaintenanceV3Routes extends AllDirectives {

  private final ClusterView cluster;
  private final V3Replies replies;

  public MaintenanceV3Routes(ClusterView cluster, V3Replies replies) {
    this.cluster = cluster;
    this.replies = replies;
  }

  public Route route() {
    return pathPrefix("maintenance", () -> path("status", () ->
        replies.unary(ClusterJson::statusRequest, q -> cluster.status(), ClusterJson::statusResponse)));
  }
}
