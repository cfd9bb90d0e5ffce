package io.coreactor.gateway.v2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.coreactor.consensus.server.MemberIds;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.junit.jupiter.api.Test;

/** etcd 2's members and stats APIs through {@link io.coreactor.consensus.server.ClusterView}. */
class MembersStatsRoutesTest extends V2RouteTest {

  @Test
  void listsMembersInEtcd2Json() {
    JsonNode body = json(get("/v2/members").assertStatusCode(200));
    JsonNode m = body.get("members").get(0);
    assertThat(m.get("id").asText()).isEqualTo(MemberIds.hex(cluster.memberId()));
    assertThat(m.get("name").asText()).isEqualTo("n1");
    assertThat(m.get("peerURLs").get(0).asText()).isEqualTo("http://127.0.0.1:2380");
    assertThat(m.get("clientURLs").get(0).asText()).isEqualTo("http://127.0.0.1:2379");
    JsonNode leader = json(get("/v2/members/leader").assertStatusCode(200));
    assertThat(leader.get("id").asText()).isEqualTo(MemberIds.hex(cluster.memberId()));
  }

  @Test
  void addsUpdatesAndRemovesAMember() {
    TestRouteResult added = request("POST", "/v2/members", "{\"peerURLs\":[\"http://127.0.0.1:2480\"]}");
    added.assertStatusCode(201);
    JsonNode m = json(added);
    assertThat(m.get("peerURLs").get(0).asText()).isEqualTo("http://127.0.0.1:2480");
    assertThat(m.get("name").asText()).isEmpty();
    assertThat(m.get("clientURLs")).isEmpty();
    String id = m.get("id").asText();
    assertThat(json(get("/v2/members")).get("members")).hasSize(2);

    request("PUT", "/v2/members/" + id, "{\"peerURLs\":[\"http://127.0.0.1:2481\"]}")
        .assertStatusCode(204);
    assertThat(json(get("/v2/members")).get("members").get(1).get("peerURLs").get(0).asText())
        .isEqualTo("http://127.0.0.1:2481");
    request("DELETE", "/v2/members/" + id, null).assertStatusCode(204);
    assertThat(json(get("/v2/members")).get("members")).hasSize(1);
  }

  @Test
  void memberErrorsAreEtcds() {
    TestRouteResult dup = request("POST", "/v2/members", "{\"peerURLs\":[\"http://127.0.0.1:2380\"]}");
    dup.assertStatusCode(409);
    assertThat(json(dup).get("message").asText()).isEqualTo("membership: peerURL exists");
    assertThat(json(request("POST", "/v2/members", "{\"peerURLs\":[\"ftp://h:1\"]}")
        .assertStatusCode(400)).get("message").asText())
        .isEqualTo("URL scheme must be http, https, unix, or unixs: ftp://h:1");
    assertThat(json(request("POST", "/v2/members", "{\"peerURLs\":[\"http://nohost\"]}")
        .assertStatusCode(400)).get("message").asText()).contains("host:port");
    request("POST", "/v2/members", "{\"peerURLs\":[]}").assertStatusCode(400);
    request("POST", "/v2/members", "not json").assertStatusCode(400);
    TestRouteResult form = post("/v2/members", "peerURLs=http://127.0.0.1:1");
    form.assertStatusCode(415);
    assertThat(json(form).get("message").asText())
        .isEqualTo("Bad Content-Type application/x-www-form-urlencoded, accept application/json");
    assertThat(json(request("DELETE", "/v2/members/abc123", null).assertStatusCode(404))
        .get("message").asText()).isEqualTo("No such member: abc123");
    request("DELETE", "/v2/members/not-hex", null).assertStatusCode(404);
    request("PUT", "/v2/members/abc123", "{\"peerURLs\":[\"http://127.0.0.1:9\"]}")
        .assertStatusCode(404);
    request("DELETE", "/v2/members", null).assertStatusCode(405);
    cluster.setAvailable(false);
    request("POST", "/v2/members", "{\"peerURLs\":[\"http://127.0.0.1:2999\"]}")
        .assertStatusCode(503);
  }

  @Test
  void machinesListsClientUrls() {
    assertThat(get("/v2/machines").assertStatusCode(200).entityString())
        .isEqualTo("http://127.0.0.1:2379");
  }

  @Test
  void leaderIs503DuringAnElection() {
    cluster.setLeader(0);
    assertThat(json(get("/v2/members/leader").assertStatusCode(503)).get("message").asText())
        .isEqualTo("During election");
  }

  @Test
  void selfStatsAndLeaderStats() {
    JsonNode self = json(get("/v2/stats/self").assertStatusCode(200));
    assertThat(self.get("name").asText()).isEqualTo("n1");
    assertThat(self.get("id").asText()).isEqualTo(MemberIds.hex(cluster.memberId()));
    assertThat(self.get("state").asText()).isEqualTo("StateLeader");
    assertThat(self.get("leaderInfo").get("leader").asText()).isEqualTo(self.get("id").asText());
    assertThat(self.get("leaderInfo").get("uptime").asText()).endsWith("s");
    request("POST", "/v2/members", "{\"peerURLs\":[\"http://127.0.0.1:2480\"]}");
    JsonNode leader = json(get("/v2/stats/leader").assertStatusCode(200));
    assertThat(leader.get("leader").asText()).isEqualTo(self.get("id").asText());
    assertThat(leader.get("followers")).hasSize(1);
    assertThat(leader.get("followers").elements().next().get("counts").has("success")).isTrue();

    cluster.setLeader(12345);
    assertThat(json(get("/v2/stats/self")).get("state").asText()).isEqualTo("StateFollower");
    assertThat(json(get("/v2/stats/leader").assertStatusCode(403)).get("message").asText())
        .isEqualTo("not current leader");
  }

  @Test
  void storeStatsCountOperations() {
    put("/v2/keys/a", "value=1");
    put("/v2/keys/a", "value=2");
    get("/v2/keys/a");
    get("/v2/keys/missing");
    put("/v2/keys/a?prevValue=nope", "value=3");
    delete("/v2/keys/a");
    JsonNode s = json(get("/v2/stats/store").assertStatusCode(200));
    assertThat(s.get("setsSuccess").asLong()).isEqualTo(2);
    assertThat(s.get("getsSuccess").asLong()).isEqualTo(1);
    assertThat(s.get("getsFail").asLong()).isEqualTo(1);
    assertThat(s.get("compareAndSwapFail").asLong()).isEqualTo(1);
    assertThat(s.get("deleteSuccess").asLong()).isEqualTo(1);
    assertThat(s.has("watchers")).isTrue();
    assertThat(s.has("expireCount")).isTrue();
  }

  @Test
  void goDurationLooksLikeGos() {
    assertThat(StatsV2Routes.goDuration(java.time.Duration.ofMillis(3723500))).isEqualTo("1h2m3.5s");
    assertThat(StatsV2Routes.goDuration(java.time.Duration.ofSeconds(59))).isEqualTo("59s");
  }
}
