package io.coreactor.gateway;

import io.coreactor.gateway.v3.V3Routes;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
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
   * The v2 API's hook: a class of this name, with a public constructor
   * {@code (KvClient, ClusterView, GatewaySettings, ObjectMapper)} and a public
   * {@code Route route()}, is composed in after v3 when it is on the class path.
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
    List<RouteProvider> providers = new ArrayList<>();
    providers.add(new V3Routes(ctx));
    v2Routes(ctx).ifPresent(providers::add);
    providers.add(new NodeRoutes(ctx, metrics));
    return new GatewayRoutes(providers, metrics);
  }

  public Route route() {
    Route all = concat(providers.get(0).route(),
        providers.stream().skip(1).map(RouteProvider::route).toArray(Route[]::new));
    return extractRequest(request -> {
      long start = System.nanoTime();
      String path = request.getUri().path();
      String method = request.method().value();
      return mapResponse(response -> {
        metrics.record(path, method, response.status().intValue(), System.nanoTime() - start);
        return response;
      }, () -> all.seal());
    });
  }

  /** The v2 routes, if the v2 family is built into this jar. */
  static Optional<RouteProvider> v2Routes(GatewayContext ctx) {
    Class<?> type;
    try {
      type = Class.forName(V2_ROUTES);
    } catch (ClassNotFoundException e) {
      return Optional.empty();
    }
    try {
      Constructor<?> constructor = type.getConstructor(io.coreactor.consensus.client.KvClient.class,
          io.coreactor.consensus.server.ClusterView.class, GatewaySettings.class,
          com.fasterxml.jackson.databind.ObjectMapper.class);
      Object instance = constructor.newInstance(ctx.kv(), ctx.cluster(), ctx.settings(), ctx.json());
      if (instance instanceof RouteProvider provider) {
        return Optional.of(provider);
      }
      Method route = type.getMethod("route");
      Route built = (Route) route.invoke(instance);
      return Optional.of(() -> built);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("cannot build " + V2_ROUTES, e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(V2_ROUTES + " needs a public (KvClient, ClusterView, "
          + "GatewaySettings, ObjectMapper) constructor and a public Route route()", e);
    }
  }
}
