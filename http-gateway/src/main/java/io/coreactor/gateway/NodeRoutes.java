package io.coreactor.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.coreactor.consensus.server.NodeStatus;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/** The node's own endpoints, as etcd serves them: {@code /version}, {@code /health}, {@code /metrics}. */
public final class NodeRoutes extends AllDirectives implements RouteProvider {

  /** The etcd version whose API this gateway speaks. */
  public static final String ETCD_VERSION = "3.4.0";

  private final GatewayContext ctx;
  private final HttpMetrics metrics;

  public NodeRoutes(GatewayContext ctx, HttpMetrics metrics) {
    this.ctx = ctx;
    this.metrics = metrics;
  }

  @Override
  public Route route() {
    return get(() -> concat(
        path("version", () -> complete(json(200, Map.of("etcdserver", ETCD_VERSION, "etcdcluster", ETCD_VERSION)))),
        path("health", () -> completeWithFuture(status()
            .thenApply(s -> s.leader() != 0)
            .exceptionally(failure -> false)
            .thenApply(ok -> json(ok ? 200 : 503, Map.of("health", ok.toString()))))),
        path("metrics", () -> completeWithFuture(status()
            .thenApply(s -> metricsText(s))
            .exceptionally(failure -> metricsText(null))))));
  }

  private CompletionStage<NodeStatus> status() {
    return ctx.cluster().status().toCompletableFuture().copy()
        .orTimeout(ctx.settings().requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  private HttpResponse metricsText(NodeStatus status) {
    StringBuilder out = new StringBuilder();
    if (status != null) {
      NodeMetrics.render(status, out);
    }
    metrics.render(out);
    return HttpResponse.create().withStatus(StatusCodes.OK)
        .withEntity(ContentTypes.TEXT_PLAIN_UTF8, out.toString());
  }

  private HttpResponse json(int status, Map<String, String> body) {
    try {
      return HttpResponse.create().withStatus(status)
          .withEntity(ContentTypes.APPLICATION_JSON, ctx.json().writeValueAsBytes(new TreeMap<>(body)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
