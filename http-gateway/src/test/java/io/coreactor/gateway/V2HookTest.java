package io.coreactor.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.coreactor.consensus.client.KvClient;
import io.coreactor.consensus.server.ClusterView;
import io.coreactor.gateway.testing.FixedCluster;
import io.coreactor.gateway.testing.LocalKvClient;
import io.coreactor.gateway.testing.RouteTestBase;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.junit.jupiter.api.Test;

/** The v2 family plugs in by class name, with either constructor shape, between v3 and /version. */
class V2HookTest extends RouteTestBase {

  /** Stands in for io.coreactor.gateway.v2.V2Routes, with the (…, ObjectMapper, Duration) constructor. */
  public static final class StandInV2Routes extends AllDirectives {
    private final Duration timeout;

    public StandInV2Routes(KvClient kv, ClusterView cluster, ObjectMapper json, Duration requestTimeout) {
      this.timeout = requestTimeout;
    }

    public Route route() {
      return pathPrefix("v2", () -> complete("v2 with timeout " + timeout.toMillis()));
    }
  }

  /** Has neither constructor. */
  public static final class Misshapen {
    public Route route() {
      return null;
    }
  }

  @Test
  void aV2ClassIsComposedInWithTheGatewaysTimeout() {
    LocalKvClient kv = new LocalKvClient();
    GatewayContext ctx = new GatewayContext(kv, new FixedCluster(kv), SETTINGS, Json.mapper());
    RouteProvider v2 = GatewayRoutes.v2Routes(StandInV2Routes.class.getName(), ctx).orElseThrow();
    Route all = new GatewayRoutes(List.of(v2), metrics).route();
    assertThat(testRoute(all).run(HttpRequest.GET("/v2/keys/a")).entityString()).isEqualTo("v2 with timeout 500");
  }

  @Test
  void withoutTheClassThereIsNoV2AndAMisshapenOneFailsLoudly() {
    LocalKvClient kv = new LocalKvClient();
    GatewayContext ctx = new GatewayContext(kv, new FixedCluster(kv), SETTINGS, Json.mapper());
    assertThat(GatewayRoutes.v2Routes("io.coreactor.gateway.v2.Nothing", ctx)).isEmpty();
    assertThatThrownBy(() -> GatewayRoutes.v2Routes(Misshapen.class.getName(), ctx))
        .hasMessageContaining("needs a public (KvClient, ClusterView, GatewaySettings, ObjectMapper)");
  }
}
