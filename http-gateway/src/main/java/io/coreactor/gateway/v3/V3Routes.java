package io.coreactor.gateway.v3;

import io.coreactor.gateway.GatewayContext;
import io.coreactor.gateway.RouteProvider;
import java.util.List;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/** etcd 3.4's gRPC gateway under {@code /v3}: every v3 family, and a JSON 404 for the rest. */
public final class V3Routes extends AllDirectives implements RouteProvider {

  /** Every path served, for metrics labels. */
  public static final List<String> PATHS = List.of("/v3/kv/range", "/v3/kv/put", "/v3/kv/deleterange",
      "/v3/kv/txn", "/v3/kv/compaction", "/v3/watch", "/v3/lease/grant", "/v3/lease/revoke",
      "/v3/lease/keepalive", "/v3/lease/timetolive", "/v3/lease/leases", "/v3/kv/lease/revoke",
      "/v3/kv/lease/timetolive", "/v3/maintenance/status", "/v3/maintenance/hashkv", "/v3/maintenance/hash",
      "/v3/cluster/member/list", "/v3");

  private final KvV3Routes kv;
  private final LeaseV3Routes lease;
  private final WatchV3Routes watch;
  private final MaintenanceV3Routes maintenance;
  private final ClusterV3Routes cluster;
  private final V3Replies replies;

  public V3Routes(GatewayContext ctx) {
    this.replies = new V3Replies(ctx.json(), ctx.settings(), ctx.streams());
    this.kv = new KvV3Routes(ctx.kv(), replies);
    this.lease = new LeaseV3Routes(ctx.kv(), ctx.cluster(), replies);
    this.watch = new WatchV3Routes(ctx.kv(), replies);
    this.maintenance = new MaintenanceV3Routes(ctx.cluster(), replies);
    this.cluster = new ClusterV3Routes(ctx.cluster(), replies);
  }

  /** Built once: the javadsl calls pathPrefix's inner supplier on every request it matches. */
  @Override
  public Route route() {
    Route families = concat(
        kv.route(),
        lease.route(),
        watch.route(),
        maintenance.route(),
        cluster.route(),
        complete(replies.errors().response(GrpcCode.NOT_FOUND, "Not Found")));
    return pathPrefix("v3", () -> families);
  }
}
