package io.coreactor.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.coreactor.gateway.testing.RouteTestBase;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.junit.jupiter.api.Test;

/** /version, /health and /metrics as etcd serves them. */
class NodeRoutesTest extends RouteTestBase {

  @Test
  void version() {
    assertJson(get("/version"), 200, "{'etcdserver':'3.4.0','etcdcluster':'3.4.0'}");
  }

  @Test
  void healthIsTrueOnlyWhileALeaderIsKnown() {
    assertJson(get("/health"), 200, "{'health':'true'}");
    cluster.leader.set(0);
    assertJson(get("/health"), 503, "{'health':'false'}");
  }

  @Test
  void healthIsFalseWhenTheNodeDoesNotAnswer() {
    kv.hang.set(true);
    assertJson(get("/health"), 503, "{'health':'false'}");
  }

  @Test
  void metricsAreRaftGaugesAndRequestCountsAndLatenciesByRoute() {
    post("/v3/kv/put", "{'key':'" + b64("k") + "','value':'" + b64("v") + "'}");
    post("/v3/kv/put", "{'key':'bad base64!'}");
    post("/v3/kv/nothing", "{}");
    get("/v2/keys/some/random/key");
    String text = get("/metrics").entityString();
    assertThat(text)
        .contains("# TYPE coreactor_raft_term gauge\ncoreactor_raft_term 2\n")
        .contains("etcd_server_has_leader 1\n")
        .contains("coreactor_raft_commit_index 12\n")
        .contains("coreactor_raft_applied_index 12\n")
        .contains("etcd_server_leader_changes_seen_total 1\n")
        .contains("etcd_server_proposals_committed_total 9\n")
        .contains("coreactor_http_requests_total{route=\"/v3/kv/put\",method=\"POST\",code=\"200\"} 1\n")
        .contains("coreactor_http_requests_total{route=\"/v3/kv/put\",method=\"POST\",code=\"400\"} 1\n")
        .contains("coreactor_http_requests_total{route=\"/v3\",method=\"POST\",code=\"404\"} 1\n")
        .contains("coreactor_http_requests_total{route=\"/v2/keys\",method=\"GET\",code=\"404\"} 1\n")
        .contains("coreactor_http_request_duration_seconds_bucket{route=\"/v3/kv/put\",method=\"POST\",le=\"+Inf\"} 2\n")
        .contains("coreactor_http_request_duration_seconds_count{route=\"/v3/kv/put\",method=\"POST\"} 2\n")
        .doesNotContain("random");
  }

  @Test
  void unknownPathsOutsideV3AreA404() {
    assertThat(get("/nothing/here").statusCode()).isEqualTo(404);
  }

  private TestRouteResult get(String path) {
    TestRouteResult r = testRoute(route).run(HttpRequest.GET(path));
    r.response();
    return r;
  }
}
