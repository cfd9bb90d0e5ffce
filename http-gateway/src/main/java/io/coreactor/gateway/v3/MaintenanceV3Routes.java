package io.coreactor.gateway.v3;

import io.coreactor.consensus.server.ClusterView;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * etcd's Maintenance service under {@code /v3/maintenance}: status, and HashKV at
 * {@code hashkv} (its path since etcd 3.5.10) and at {@code hash}, where etcd 3.4's gateway
 * binds it: 3.4's rpc.proto gives Hash and HashKV the same path, and HashKV, registered last,
 * is the one grpc-gateway v1 serves there.
 */
public final class MaintenanceV3Routes extends AllDirectives {

  private final ClusterView cluster;
  private final V3Replies replies;

  public MaintenanceV3Routes(ClusterView cluster, V3Replies replies) {
    this.cluster = cluster;
    this.replies = replies;
  }

  public Route route() {
    return pathPrefix("maintenance", () -> concat(
        path("status", () ->
            replies.unary(ClusterJson::statusRequest, q -> cluster.status(), ClusterJson::statusResponse)),
        path("hashkv", this::hashKv),
        path("hash", this::hashKv)));
  }

  private Route hashKv() {
    return replies.unary(ClusterJson::hashKvRequest, cluster::hashKv, ClusterJson::hashKvResponse);
  }
}
