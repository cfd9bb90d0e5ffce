package io.coreactor.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.coreactor.consensus.node.FaultInjection;
import io.coreactor.gateway.testing.RouteTestBase;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** /debug/partition drives the Raft fault switch, and exists only when the switch is enabled. */
class DebugRoutesTest extends RouteTestBase {

  private FaultInjection faults;

  @BeforeEach
  void withSwitch() {
    faults = FaultInjection.detached(true);
    route = GatewayRoutes.standard(new GatewayContext(kv, cluster, SETTINGS, Json.mapper()), metrics,
        DebugRoutes.ifEnabled(faults, Json.mapper())).route();
  }

  @Test
  void postCutsDeleteHealsGetShows() {
    assertJson(post("/debug/partition", "{'drop':['a1b2','ffffffffffffffff']}"), 200,
        "{'drop':['a1b2','ffffffffffffffff']}");
    assertThat(faults.dropped()).containsExactlyInAnyOrder(0xa1b2L, -1L);
    assertJson(run(HttpRequest.GET("/debug/partition")), 200, "{'drop':['a1b2','ffffffffffffffff']}");
    assertJson(post("/debug/partition", "{'drop':['c3']}"), 200, "{'drop':['c3']}");
    assertJson(run(HttpRequest.DELETE("/debug/partition")), 200, "{'drop':[]}");
    assertThat(faults.dropped()).isEmpty();
  }

  @Test
  void badInputGetsTheGatewayErrorShapeAndChangesNothing() {
    faults.drop(Set.of(7L));
    for (String body : new String[] {"{'drop':[12]}", "{'drop':['xyz']}", "{'drop':'a1'}", "[]", "{'drop':["}) {
      TestRouteResult r = post("/debug/partition", body);
      assertThat(r.statusCode()).as(body).isEqualTo(400);
      assertThat(json(r).path("error").path("code").asInt()).isEqualTo(400);
      assertThat(json(r).path("error").path("message").asText()).as(body).isNotBlank();
    }
    assertThat(faults.dropped()).containsExactly(7L);
    TestRouteResult put = run(HttpRequest.PUT("/debug/partition").withEntity(ContentTypes.APPLICATION_JSON, "{}"));
    assertThat(put.statusCode()).isEqualTo(405);
    assertThat(json(put).path("error").path("code").asInt()).isEqualTo(405);
  }

  @Test
  void absentWhenTheSwitchIsOff() {
    FaultInjection off = FaultInjection.detached(false);
    assertThat(DebugRoutes.ifEnabled(off, Json.mapper())).isEmpty();
    route = GatewayRoutes.standard(new GatewayContext(kv, cluster, SETTINGS, Json.mapper()), metrics,
        Optional.empty()).route();
    assertThat(run(HttpRequest.GET("/debug/partition")).statusCode()).isEqualTo(404);
    assertThat(post("/debug/partition", "{'drop':['a1']}").statusCode()).isIn(404, 405);
  }

  private TestRouteResult run(HttpRequest request) {
    TestRouteResult r = testRoute(route).run(request);
    r.response();
    return r;
  }
}
