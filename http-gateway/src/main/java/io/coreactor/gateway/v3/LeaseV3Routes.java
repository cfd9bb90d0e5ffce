package io.coreactor.gateway.v3;

import io.coreactor.consensus.client.KvClient;
import io.coreactor.consensus.client.LeaseKeepAliveResponse;
import io.coreactor.consensus.server.ClusterView;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.japi.pf.PFBuilder;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * etcd's Lease service under {@code /v3/lease} (and etcd's {@code /v3/kv/lease/revoke} and
 * {@code /v3/kv/lease/timetolive} aliases). Keep-alive is a stream in etcd: its body may hold
 * several requests and each answer is one {@code {"result": ...}} line.
 */
public final class LeaseV3Routes extends AllDirectives {

  private final KvClient kv;
  private final ClusterView cluster;
  private final V3Replies replies;

  public LeaseV3Routes(KvClient kv, ClusterView cluster, V3Replies replies) {
    this.kv = kv;
    this.cluster = cluster;
    this.replies = replies;
  }

  public Route route() {
    return concat(
        pathPrefix("lease", () -> concat(
            path("grant", () -> replies.unary(LeaseJson::grantRequest, kv::leaseGrant, LeaseJson::grantResponse)),
            path("revoke", this::revoke),
            path("keepalive", this::keepAlive),
            path("timetolive", this::timeToLive),
            path("leases", () -> replies.unary(LeaseJson::leasesRequest, q -> kv.leases(), LeaseJson::leasesResponse)))),
        pathPrefix(PathMatchers.segment("kv").slash("lease"), () -> concat(
            path("revoke", this::revoke),
            path("timetolive", this::timeToLive))));
  }

  private Route revoke() {
    return replies.unary(LeaseJson::revokeRequest, kv::leaseRevoke, LeaseJson::revokeResponse);
  }

  private Route timeToLive() {
    return replies.unary(LeaseJson::timeToLiveRequest, kv::leaseTimeToLive, LeaseJson::timeToLiveResponse);
  }

  private Route keepAlive() {
    return replies.postOnly(body -> body.thenApply(bytes -> {
      // Every request is parsed before the stream starts: bad input is a 400, not a broken stream.
      List<Long> ids = replies.parseAll(bytes).stream().map(LeaseJson::keepAliveRequest).toList();
      Source<ByteString, NotUsed> lines = Source.from(ids)
          .mapAsync(1, this::renew)
          .map(r -> replies.resultLine(LeaseJson.keepAliveResponse(r)))
          .recover(new PFBuilder<Throwable, ByteString>()
              .matchAny(failure -> replies.line(replies.streamError(failure)))
              .build());
      return HttpResponse.create()
          .withEntity(HttpEntities.createChunked(ContentTypes.APPLICATION_JSON, replies.stoppable(lines)));
    }));
  }

  /** One renewal; an unknown lease answers TTL 0 rather than failing, as etcd does. */
  private CompletionStage<LeaseKeepAliveResponse> renew(long id) {
    return replies.withTimeout(kv.leaseKeepAlive(id))
        .exceptionally(failure -> LeaseJson.keepAliveOfUnknownLease(failure, id, cluster.clusterId(), cluster.memberId()));
  }
}
