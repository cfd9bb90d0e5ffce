package io.coreactor.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.coreactor.consensus.client.KvClient;
import io.coreactor.consensus.server.ClusterView;
import io.coreactor.gateway.v3.V3Routes;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The gateway's whole route: each family's routes tried in order, sealed (so rejections become
 * responses here), every answer counted and timed by route for {@code /metrics}.
 */
public final class GatewayRoutes extends AllDirectives {

  /**
   * The v2 API's hook: a class of this name with a public {@code Route route()} and a public
   * constructor {@code (KvClient, ClusterView, GatewaySettings, ObjectMapper)} or
   * {@code (KvClient, ClusterView, ObjectMapper, Duration requestTimeout)} is composed in after
   * v3 when it is on the class path.
   */
  public static final String V2_ROUTES = "io.coreactor.gateway.v2.V2Routes";

  private final List<RouteProvider> providers;
  private final HttpMetrics metrics;

  public GatewayRoutes(List<RouteProvider> providers, HttpMetrics metrics) {
    this.providers = List.copyOf(providers);
    this.metrics = metrics;
  }

  /** v3, v2 (when present) and the node's own endpoints. */
  public static GatewayRoutes standard(GatewayContext ctx, HttpMetrics metrics) {
    return standard(ctx, metrics, Optional.empty());
  }

  /** The standard routes, then {@code debug} (the fault switch's, when enabled). */
  public static GatewayRoutes standard(GatewayContext ctx, HttpMetrics metrics, Optional<RouteProvider> debug) {
    List<RouteProvider> providers = new ArrayList<>();
    providers.add(new V3Routes(ctx));
    v2Routes(V2_ROUTES, ctx).ifPresent(providers::add);
    providers.add(new NodeRoutes(ctx, metrics));
    debug.ifPresent(providers::add);
    return new GatewayRoutes(providers, metrics);
  }

  public Route route() {
    // Built and sealed once: the javadsl calls a directive's inner supplier per request.
    Route all = concat(providers.get(0).route(),
        providers.stream().skip(1).map(RouteProvider::route).toArray(Route[]::new)).seal();
    return extractRequest(request -> {
      long start = System.nanoTime();
      String path = request.getUri().path();
      String method = request.method().value();
      return mapResponse(response -> {
        metrics.record(path, method, response.status().intValue(), System.nanoTime() - start);
        return response;
      }, () -> all);
    });
  }

  /** The v2 routes, if the v2 family ({@code className}) is built into this jar. */
  static Optional<RouteProvider> v2Routes(String className, GatewayContext ctx) {
    Class<?> type;
    try {
      type = Class.forName(className);
    } catch (ClassNotFoundException e) {
      return Optional.empty();
    }
    try {
      Object instance = newV2Routes(type, ctx);
      if (instance instanceof RouteProvider provider) {
        return Optional.of(provider);
      }
      Method route = type.getMethod("route");
      Route built = (Route) route.invoke(instance);
      return Optional.of(() -> built);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("cannot build " + className, e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(className + " needs a public (KvClient, ClusterView, GatewaySettings, "
          + "ObjectMapper) or (KvClient, ClusterView, ObjectMapper, Duration) constructor and a public "
          + "Route route()", e);
    }
  }

  private static Object newV2Routes(Class<?> type, GatewayContext ctx) throws ReflectiveOperationException {
    try {
      return type.getConstructor(KvClient.class, ClusterView.class, GatewaySettings.class, ObjectMapper.class)
          .newInstance(ctx.kv(), ctx.cluster(), ctx.settings(), ctx.json());
    } catch (NoSuchMethodException e) {
      return type.getConstructor(KvClient.class, ClusterView.class, ObjectMapper.class, Duration.class)
          .newInstance(ctx.kv(), ctx.cluster(), ctx.json(), ctx.settings().requestTimeout());
    }
  }
}
