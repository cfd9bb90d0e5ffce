package io.coreactor.gateway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import io.coreactor.gateway.GatewayContext;
import io.coreactor.gateway.GatewayRoutes;
import io.coreactor.gateway.GatewaySettings;
import io.coreactor.gateway.HttpMetrics;
import io.coreactor.gateway.Json;
import java.time.Duration;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.server.RouteResult;
import org.apache.pekko.http.javadsl.testkit.RouteTest;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.apache.pekko.stream.Materializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import scala.concurrent.Future;

/**
 * The pekko-http route testkit under JUnit 5: one ActorSystem per test class, and per test a
 * fresh gateway route over a {@link LocalKvClient} and {@link FixedCluster}.
 */
public abstract class RouteTestBase extends RouteTest {

  /** Small limits, so that the limits themselves can be tested quickly. */
  public static final GatewaySettings SETTINGS = new GatewaySettings("127.0.0.1", 0, Duration.ofMillis(500),
      3 * 1024 * 1024, 4, null, Duration.ofSeconds(1), java.util.List.of());

  private static ActorSystem system;

  protected LocalKvClient kv;
  protected FixedCluster cluster;
  protected HttpMetrics metrics;
  protected Route route;

  @BeforeAll
  static void startSystem() {
    system = ActorSystem.create("route-test", ConfigFactory.parseString(
        "pekko.loglevel = WARNING\npekko.stdout-loglevel = WARNING").withFallback(ConfigFactory.load()));
  }

  @AfterAll
  static void stopSystem() {
    system.terminate();
  }

  @BeforeEach
  void buildRoute() {
    kv = new LocalKvClient();
    cluster = new FixedCluster(kv);
    metrics = HttpMetrics.standard();
    route = GatewayRoutes.standard(new GatewayContext(kv, cluster, SETTINGS, Json.mapper()), metrics).route();
  }

  @Override
  public ActorSystem system() {
    return system;
  }

  @Override
  public Materializer materializer() {
    return Materializer.matFromSystem(system);
  }

  @Override
  public TestRouteResult createTestRouteResultAsync(HttpRequest request, Future<RouteResult> result) {
    return new TestRouteResult(result, awaitDuration(), system.dispatcher(), materializer()) {
      @Override
      public void fail(String message) {
        Assertions.fail(message);
      }

      @Override
      public void assertEquals(Object expected, Object actual, String message) {
        Assertions.assertEquals(expected, actual, message);
      }

      @Override
      public void assertEquals(int expected, int actual, String message) {
        Assertions.assertEquals(expected, actual, message);
      }

      @Override
      public void assertTrue(boolean predicate, String message) {
        Assertions.assertTrue(predicate, message);
      }
    };
  }

  /** POSTs a JSON body (single quotes stand for double quotes, to keep tests readable). */
  protected TestRouteResult post(String path, String body) {
    return postRaw(path, body.replace('\'', '"'));
  }

  /** POSTs a body as is; returns once the response has started, as the route ran by then. */
  protected TestRouteResult postRaw(String path, String body) {
    TestRouteResult r = testRoute(route).run(HttpRequest.POST(path).withEntity(ContentTypes.APPLICATION_JSON, body));
    r.response();
    return r;
  }

  /** The response body as JSON. */
  protected static JsonNode json(TestRouteResult r) {
    try {
      return Json.mapper().readTree(r.entityString());
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + r.entityString(), e);
    }
  }

  /** Parses JSON written with single quotes. */
  protected static JsonNode parse(String json) {
    try {
      return Json.mapper().readTree(json.replace('\'', '"'));
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }

  /** Asserts a status and that the body is exactly this JSON. */
  protected static void assertJson(TestRouteResult r, int status, String expected) {
    Assertions.assertEquals(parse(expected), json(r), () -> "body of " + r.statusCode() + " " + r.entityString());
    Assertions.assertEquals(status, r.statusCode(), () -> "status, body " + r.entityString());
  }

  /** Asserts grpc-gateway's error shape. */
  protected static void assertError(TestRouteResult r, int status, int code, String messageContains) {
    JsonNode body = json(r);
    Assertions.assertEquals(status, r.statusCode(), () -> "status, body " + r.entityString());
    Assertions.assertEquals(code, body.path("code").asInt(-1), () -> "code in " + body);
    Assertions.assertEquals(body.path("error").asText(), body.path("message").asText(), () -> "error = message in " + body);
    Assertions.assertTrue(body.path("message").asText().contains(messageContains),
        () -> "message should contain \"" + messageContains + "\": " + body);
    Assertions.assertEquals(3, body.size(), () -> "only error, code, message in " + body);
  }

  /** base64 of a UTF-8 string. */
  protected static String b64(String s) {
    return java.util.Base64.getEncoder().encodeToString(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** The header every LocalKvClient answer carries, at a revision. */
  protected static String header(long revision) {
    return "{'cluster_id':'" + Long.toUnsignedString(LocalKvClient.CLUSTER_ID) + "','member_id':'"
        + Long.toUnsignedString(LocalKvClient.MEMBER_ID) + "','revision':'" + revision + "','raft_term':'"
        + LocalKvClient.TERM + "'}";
  }
}
