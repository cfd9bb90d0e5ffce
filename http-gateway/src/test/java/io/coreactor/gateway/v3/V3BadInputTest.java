package io.coreactor.gateway.v3;

import static org.assertj.core.api.Assertions.assertThat;

import io.coreactor.gateway.testing.RouteTestBase;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

/**
 * Bad input to /v3 gets a 4xx in grpc-gateway's error shape, never a 500 or a hang, and
 * changes nothing in the store.
 */
class V3BadInputTest extends RouteTestBase {

  private final String foo = b64("foo");

  @Test
  void malformedJson() {
    assertError(postRaw("/v3/kv/put", "{\"key\": "), 400, 3, "malformed JSON");
    assertThat(json(postRaw("/v3/kv/put", "{\"key\":\"YQ==\"")).path("message").asText())
        .startsWith("malformed JSON at line 1, column 14: Unexpected end-of-input")
        .contains("[line: 1, column: 1]").doesNotContain("Source");
    assertError(postRaw("/v3/kv/put", "{\"key\": \"Zm9v\" \"value\": 1}"), 400, 3, "malformed JSON");
    assertError(postRaw("/v3/kv/range", "{} {}"), 400, 3, "malformed JSON");
    assertError(postRaw("/v3/kv/put", "{\"key\":\"Zm9v\",\"key\":\"YmFy\"}"), 400, 3, "Duplicate field");
    assertUnchanged();
  }

  @Test
  void aBodyThatIsNotAnObject() {
    assertError(postRaw("/v3/kv/put", "[\"Zm9v\"]"), 400, 3, "expected a JSON object for etcdserverpb.PutRequest");
    assertError(postRaw("/v3/kv/range", "42"), 400, 3, "expected a JSON object");
  }

  @Test
  void unknownFieldsAreNamed() {
    assertError(post("/v3/kv/put", "{'key':'" + foo + "','valeu':'" + foo + "'}"), 400, 3,
        "unknown field \"valeu\" in etcdserverpb.PutRequest");
    assertError(post("/v3/kv/txn", "{'success':[{'request_put':{'key':'" + foo + "','ttl':5}}]}"), 400, 3,
        "unknown field \"ttl\" in etcdserverpb.PutRequest");
    assertUnchanged();
  }

  @Test
  void wrongTypes() {
    assertError(post("/v3/kv/put", "{'key':5}"), 400, 3, "field \"key\" of etcdserverpb.PutRequest must be a base64 string");
    assertError(post("/v3/kv/range", "{'key':'" + foo + "','limit':'ten'}"), 400, 3, "\"limit\"");
    assertError(post("/v3/kv/range", "{'key':'" + foo + "','limit':1.5}"), 400, 3, "must be a 64-bit integer");
    assertError(post("/v3/kv/range", "{'key':'" + foo + "','limit':99999999999999999999}"), 400, 3, "64-bit");
    assertError(post("/v3/kv/range", "{'key':'" + foo + "','keys_only':'yes'}"), 400, 3, "true or false");
    assertError(post("/v3/kv/range", "{'key':'" + foo + "','sort_order':'UP'}"), 400, 3, "one of [NONE, ASCEND, DESCEND]");
    assertError(post("/v3/kv/range", "{'key':'" + foo + "','sort_order':7}"), 400, 3, "sort_order");
    assertError(post("/v3/kv/txn", "{'compare':{'key':'" + foo + "'}}"), 400, 3, "must be a JSON array");
    assertError(post("/v3/kv/txn", "{'success':['put']}"), 400, 3, "expected a JSON object for etcdserverpb.RequestOp");
    assertUnchanged();
  }

  @Test
  void badBase64() {
    assertError(post("/v3/kv/put", "{'key':'***','value':'" + foo + "'}"), 400, 3, "bad base64 in field \"key\"");
    assertError(post("/v3/kv/put", "{'key':'" + foo + "','value':'Zm9vY'}"), 400, 3, "bad base64 in field \"value\"");
    assertUnchanged();
  }

  @Test
  void nullIsAbsentAndUrlSafeBase64IsAccepted() {
    assertThat(post("/v3/kv/put", "{'key':'_-8','value':null,'lease':null}").statusCode()).isEqualTo(200);
    assertThat(json(post("/v3/kv/range", "{'key':'_-8'}")).path("kvs").get(0).path("key").asText()).isEqualTo("/+8=");
  }

  @Test
  void missingKeyIsEtcdsOwnError() {
    assertError(post("/v3/kv/put", "{'value':'" + foo + "'}"), 400, 3, "etcdserver: key is not provided");
    assertError(postRaw("/v3/kv/range", ""), 400, 3, "etcdserver: key is not provided");
    assertError(post("/v3/kv/put", "{'key':'" + foo + "','value':'" + foo + "','ignore_value':true}"), 400, 3,
        "etcdserver: value is provided");
    assertUnchanged();
  }

  @Test
  void oversizeValueIsTooLarge() {
    String big = java.util.Base64.getEncoder().encodeToString(new byte[1600 * 1024]);
    assertError(post("/v3/kv/put", "{'key':'" + foo + "','value':'" + big + "'}"), 400, 3,
        "etcdserver: request is too large");
    assertUnchanged();
  }

  @Test
  void oversizeBodyIsRefusedBeforeItIsRead() {
    String huge = "{\"key\":\"" + foo + "\",\"value\":\"" + "A".repeat(3 * 1024 * 1024 + 8) + "\"}";
    assertError(postRaw("/v3/kv/put", huge), 400, 3, "etcdserver: request is too large");
    TestRouteResult chunked = testRoute(route).run(HttpRequest.POST("/v3/kv/put").withEntity(
        HttpEntities.createChunked(ContentTypes.APPLICATION_JSON, Source.from(List.of(
            ByteString.fromString(huge.substring(0, 1000)), ByteString.fromString(huge.substring(1000)))))));
    assertError(chunked, 400, 3, "etcdserver: request is too large");
    assertUnchanged();
  }

  @Test
  void aTxnThatFailsValidationAppliesNothing() {
    String dup = "{'success':[{'request_put':{'key':'" + foo + "','value':'" + foo + "'}},"
        + "{'request_put':{'key':'" + foo + "','value':'" + foo + "'}}]}";
    assertError(post("/v3/kv/txn", dup), 400, 3, "etcdserver: duplicate key given in txn request");
    String badSecondOp = "{'success':[{'request_put':{'key':'" + foo + "','value':'" + foo + "'}},"
        + "{'request_put':{'key':'!!','value':'" + foo + "'}}]}";
    assertError(post("/v3/kv/txn", badSecondOp), 400, 3, "bad base64");
    assertError(post("/v3/kv/txn", "{'success':[{}]}"), 400, 3, "etcdserver: key not found");
    assertError(post("/v3/kv/txn", "{'success':[{'request_put':{'key':'" + foo + "'},'request_range':{'key':'"
        + foo + "'}}]}"), 400, 3, "oneof");
    assertUnchanged();
  }

  @Test
  void twoTargetsInOneCompareAreRefused() {
    assertError(post("/v3/kv/txn", "{'compare':[{'key':'" + foo + "','version':'1','value':'" + foo + "'}]}"),
        400, 3, "fields \"version\" and \"value\" of one oneof");
  }

  @Test
  void unknownPathsAndMethods() {
    assertError(post("/v3/kv/get", "{}"), 404, 5, "Not Found");
    TestRouteResult get = testRoute(route).run(HttpRequest.GET("/v3/kv/range"));
    assertError(get, 405, 12, "Method Not Allowed");
  }

  @Test
  void aStoreThatDoesNotAnswerIsA503WithinTheRequestTimeout() {
    kv.hang.set(true);
    long start = System.nanoTime();
    assertError(post("/v3/kv/put", "{'key':'" + foo + "','value':'" + foo + "'}"), 503, 14,
        "etcdserver: request timed out");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
  }

  /** Nothing was written: the store is still at revision 1. */
  private void assertUnchanged() {
    assertJson(post("/v3/kv/range", "{'key':'AA==','range_end':'AA=='}"), 200, "{'header':" + header(1) + "}");
  }
}
