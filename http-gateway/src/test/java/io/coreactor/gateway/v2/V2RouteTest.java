package io.coreactor.gateway.v2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.testkit.ActorSystemResource;
import org.apache.pekko.http.javadsl.testkit.JUnitRouteTestBase;
import org.apache.pekko.http.javadsl.testkit.TestRoute;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * Route tests of {@link V2Routes} under JUnit 5 with pekko-http's testkit, on an in-memory
 * store and cluster that every test gets fresh.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class V2RouteTest extends JUnitRouteTestBase {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private final ActorSystemResource systemResource =
      new ActorSystemResource(getClass().getSimpleName(), ConfigFactory.parseString(
          "pekko.loglevel = WARNING\npekko.http.server.transparent-head-requests = off"));

  InMemoryKv kv;
  FakeCluster cluster;
  TestRoute route;

  @Override
  public ActorSystemResource systemResource() {
    return systemResource;
  }

  @BeforeAll
  void startSystem() {
    systemResource.before();
  }

  @AfterAll
  void stopSystem() {
    systemResource.after();
  }

  @BeforeEach
  void freshStore() {
    kv = new InMemoryKv();
    cluster = FakeCluster.single(kv, "http://127.0.0.1:2379");
    route = testRoute(new V2Routes(kv, cluster, MAPPER, Duration.ofSeconds(3)).route());
  }

  @AfterEach
  void closeStore() {
    kv.close();
  }

  TestRouteResult get(String uri) {
    return route.run(HttpRequest.GET(uri));
  }

  TestRouteResult delete(String uri) {
    return route.run(HttpRequest.DELETE(uri));
  }

  TestRouteResult put(String uri, String form) {
    return route.run(HttpRequest.PUT(uri).withEntity(
        HttpEntities.create(ContentTypes.APPLICATION_X_WWW_FORM_URLENCODED, form)));
  }

  TestRouteResult post(String uri, String form) {
    return route.run(HttpRequest.POST(uri).withEntity(
        HttpEntities.create(ContentTypes.APPLICATION_X_WWW_FORM_URLENCODED, form)));
  }

  TestRouteResult request(String method, String uri, String json) {
    HttpRequest r = HttpRequest.create(uri).withMethod(HttpMethods.lookup(method).get());
    return route.run(json == null ? r
        : r.withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, json)));
  }

  static JsonNode json(TestRouteResult r) {
    try {
      return MAPPER.readTree(r.entityString());
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + r.entityString(), e);
    }
  }

  static String header(TestRouteResult r, String name) {
    org.apache.pekko.http.javadsl.model.HttpResponse response = r.response();
    return response.getHeader(name).map(h -> h.value()).orElse(null);
  }
}
