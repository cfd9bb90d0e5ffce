package io.coreactor.gateway.v3;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.coreactor.gateway.testing.RouteTestBase;
import java.util.List;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.junit.jupiter.api.Test;

/** /v3/lease/* (and etcd's /v3/kv/lease/* aliases): the JSON of grant, revoke, keep-alive, TTL, list. */
class LeaseV3RoutesTest extends RouteTestBase {

  @Test
  void grantAnswersIdAndTtlAsStrings() {
    assertJson(post("/v3/lease/grant", "{'TTL':'60','ID':'1000'}"), 200,
        "{'header':" + header(1) + ",'ID':'1000','TTL':'60'}");
    JsonNode chosen = json(post("/v3/lease/grant", "{'TTL':30}"));
    assertThat(chosen.path("ID").asText()).matches("[1-9][0-9]*");
    assertThat(chosen.path("TTL").asText()).isEqualTo("30");
  }

  @Test
  void grantRefusesBadTtlsAndTakenIds() {
    assertError(post("/v3/lease/grant", "{'TTL':-5}"), 400, 3, "lease TTL must not be negative, got -5");
    assertError(post("/v3/lease/grant", "{'TTL':'9000000001'}"), 400, 11, "etcdserver: too large lease TTL");
    assertError(post("/v3/lease/grant", "{'TTL':'ten'}"), 400, 3, "field \"TTL\"");
    assertError(post("/v3/lease/grant", "{'ttl':10}"), 400, 3, "unknown field \"ttl\" in etcdserverpb.LeaseGrantRequest");
    post("/v3/lease/grant", "{'TTL':60,'ID':7}");
    assertError(post("/v3/lease/grant", "{'TTL':60,'ID':7}"), 400, 9, "etcdserver: lease already exists");
    assertThat(json(post("/v3/lease/leases", "{}")).path("leases")).hasSize(1);
  }

  @Test
  void revokeDeletesTheLeaseAndItsKeysUnderBothPaths() {
    post("/v3/lease/grant", "{'TTL':60,'ID':7}");
    post("/v3/lease/grant", "{'TTL':60,'ID':8}");
    post("/v3/kv/put", "{'key':'" + b64("k") + "','value':'" + b64("v") + "','lease':7}");
    assertJson(post("/v3/lease/revoke", "{'ID':'7'}"), 200, "{'header':" + header(3) + "}");
    assertJson(post("/v3/kv/range", "{'key':'" + b64("k") + "'}"), 200, "{'header':" + header(3) + "}");
    assertJson(post("/v3/kv/lease/revoke", "{'ID':8}"), 200, "{'header':" + header(3) + "}");
    assertError(post("/v3/lease/revoke", "{'ID':7}"), 404, 5, "etcdserver: requested lease not found");
  }

  @Test
  void timeToLiveWithKeysUnderBothPaths() {
    post("/v3/lease/grant", "{'TTL':60,'ID':7}");
    post("/v3/kv/put", "{'key':'" + b64("k") + "','value':'" + b64("v") + "','lease':7}");
    String expected = "{'header':" + header(2) + ",'ID':'7','TTL':'60','grantedTTL':'60','keys':['" + b64("k") + "']}";
    assertJson(post("/v3/lease/timetolive", "{'ID':7,'keys':true}"), 200, expected);
    assertJson(post("/v3/kv/lease/timetolive", "{'ID':7,'keys':true}"), 200, expected);
    assertJson(post("/v3/lease/timetolive", "{'ID':7}"), 200,
        "{'header':" + header(2) + ",'ID':'7','TTL':'60','grantedTTL':'60'}");
  }

  @Test
  void timeToLiveOfAnUnknownLeaseIsMinusOne() {
    assertJson(post("/v3/lease/timetolive", "{'ID':99}"), 200, "{'header':" + header(1) + ",'ID':'99','TTL':'-1'}");
  }

  @Test
  void leasesListsEveryId() {
    assertJson(post("/v3/lease/leases", "{}"), 200, "{'header':" + header(1) + "}");
    post("/v3/lease/grant", "{'TTL':60,'ID':7}");
    post("/v3/lease/grant", "{'TTL':60,'ID':9}");
    assertJson(postRaw("/v3/lease/leases", ""), 200, "{'header':" + header(1) + ",'leases':[{'ID':'7'},{'ID':'9'}]}");
    assertError(post("/v3/lease/leases", "{'ID':7}"), 400, 3, "unknown field \"ID\" in etcdserverpb.LeaseLeasesRequest");
  }

  @Test
  void keepAliveStreamsOneResultLinePerRequest() {
    post("/v3/lease/grant", "{'TTL':60,'ID':7}");
    TestRouteResult r = post("/v3/lease/keepalive", "{'ID':7}\n{'ID':'7'}");
    assertThat(r.statusCode()).isEqualTo(200);
    List<String> lines = r.entityString().lines().toList();
    assertThat(lines).hasSize(2).allSatisfy(line -> assertThat(parse(line))
        .isEqualTo(parse("{'result':{'header':" + header(1) + ",'ID':'7','TTL':'60'}}")));
  }

  @Test
  void keepAliveOfAnUnknownLeaseAnswersTtlZero() {
    TestRouteResult r = post("/v3/lease/keepalive", "{'ID':5}");
    assertThat(parse(r.entityString().strip())).isEqualTo(parse("{'result':{'header':{'cluster_id':'"
        + Long.toUnsignedString(io.coreactor.gateway.testing.LocalKvClient.CLUSTER_ID) + "','member_id':'"
        + Long.toUnsignedString(io.coreactor.gateway.testing.LocalKvClient.MEMBER_ID) + "'},'ID':'5'}}"));
  }

  @Test
  void keepAliveRefusesBadInputBeforeStreaming() {
    assertError(post("/v3/lease/keepalive", "{'ID':7}{'ID':"), 400, 3, "malformed JSON");
    assertError(post("/v3/lease/keepalive", "{'ID':7}{'TTL':5}"), 400, 3, "unknown field \"TTL\"");
  }
}
