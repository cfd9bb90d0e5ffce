package io.coreactor.gateway;

import static io.coreactor.gateway.testing.HttpJson.await;
import static io.coreactor.gateway.testing.HttpJson.b64;
import static io.coreactor.gateway.testing.HttpJson.unb64;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.coreactor.gateway.testing.HttpJson;
import io.coreactor.gateway.testing.HttpJson.Reply;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real one-member node started in this JVM with {@link Coreactor#start}, spoken to over HTTP. */
class NodeHttpTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir
  static Path data;

  private static Coreactor node;
  private static HttpJson http;

  @BeforeAll
  static void start() throws IOException {
    node = Coreactor.start(config(data, freePort()));
    http = new HttpJson(node.clientUrl());
    await(WAIT, "a leader", () -> http.get("/health").status() == 200);
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.shutdown().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
  }

  /** A one-member cluster with its data in {@code data}, peers on {@code peerPort}, clients on any port. */
  static Config config(Path data, int peerPort) {
    return ConfigFactory.parseString("""
        coreactor.consensus {
          name = "solo"
          data-dir = "%s"
          peer-url = "http://127.0.0.1:%d"
          initial-cluster-token = "node-http-test"
        }
        coreactor.gateway.port = 0
        pekko.loglevel = WARNING
        """.formatted(data.toString().replace("\\", "/"), peerPort)).withFallback(ConfigFactory.load());
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void putThenRange() {
    Reply put = http.post("/v3/kv/put", "{'key':'" + b64("put/a") + "','value':'" + b64("1") + "'}");
    assertThat(put.status()).isEqualTo(200);
    JsonNode header = put.body().path("header");
    assertThat(header.path("cluster_id").asText()).matches("[1-9][0-9]*");
    assertThat(header.path("member_id").asText()).isEqualTo(Long.toUnsignedString(node.cluster().memberId()));
    assertThat(header.path("raft_term").asText()).matches("[1-9][0-9]*");
    JsonNode range = http.post("/v3/kv/range", "{'key':'" + b64("put/a") + "'}").body();
    assertThat(unb64(range.path("kvs").get(0).path("value").asText())).isEqualTo("1");
    assertThat(range.path("kvs").get(0).path("mod_revision").asText()).isEqualTo(header.path("revision").asText());
  }

  @Test
  void txnIsAtomic() {
    http.post("/v3/kv/put", "{'key':'" + b64("txn/k") + "','value':'" + b64("old") + "'}");
    String txn = "{'compare':[{'key':'" + b64("txn/k") + "','target':'VALUE','value':'" + b64("old") + "'}],"
        + "'success':[{'request_put':{'key':'" + b64("txn/k") + "','value':'" + b64("new") + "'}}]}";
    assertThat(http.post("/v3/kv/txn", txn).body().path("succeeded").asBoolean()).isTrue();
    assertThat(http.post("/v3/kv/txn", txn).body().path("succeeded").asBoolean()).isFalse();
    JsonNode range = http.post("/v3/kv/range", "{'key':'" + b64("txn/k") + "'}").body();
    assertThat(unb64(range.path("kvs").get(0).path("value").asText())).isEqualTo("new");
  }

  @Test
  void watchStreamsPutsAndDeletesUntilTheClientCloses() throws Exception {
    try (HttpJson.Lines lines = http.stream("/v3/watch", "{'create_request':{'key':'" + b64("watch/")
        + "','range_end':'" + b64("watch0") + "'}}")) {
      assertThat(lines.next(WAIT).path("result").path("created").asBoolean()).isTrue();
      http.post("/v3/kv/put", "{'key':'" + b64("watch/x") + "','value':'" + b64("1") + "'}");
      http.post("/v3/kv/deleterange", "{'key':'" + b64("watch/x") + "'}");
      JsonNode put = lines.next(WAIT).path("result").path("events").get(0);
      assertThat(put.has("type")).as("PUT is the zero value and left out").isFalse();
      assertThat(unb64(put.path("kv").path("key").asText())).isEqualTo("watch/x");
      assertThat(lines.next(WAIT).path("result").path("events").get(0).path("type").asText()).isEqualTo("DELETE");
    }
  }

  @Test
  void aLeasedKeyGoesWhenTheLeaseExpires() {
    Reply grant = http.post("/v3/lease/grant", "{'TTL':2}");
    assertThat(grant.status()).isEqualTo(200);
    String id = grant.body().path("ID").asText();
    http.post("/v3/kv/put", "{'key':'" + b64("lease/k") + "','value':'" + b64("v") + "','lease':'" + id + "'}");
    JsonNode ttl = http.post("/v3/lease/timetolive", "{'ID':'" + id + "','keys':true}").body();
    assertThat(ttl.path("grantedTTL").asText()).isEqualTo("2");
    assertThat(unb64(ttl.path("keys").get(0).asText())).isEqualTo("lease/k");
    await(WAIT, "the leased key to expire",
        () -> !http.post("/v3/kv/range", "{'key':'" + b64("lease/k") + "'}").body().has("kvs"));
    assertThat(http.post("/v3/lease/timetolive", "{'ID':'" + id + "'}").body().path("TTL").asText()).isEqualTo("-1");
  }

  @Test
  void compactionMakesOldRevisionsUnreadable() {
    long first = http.post("/v3/kv/put", "{'key':'" + b64("compact/k") + "','value':'" + b64("1") + "'}")
        .body().path("header").path("revision").asLong();
    long second = http.post("/v3/kv/put", "{'key':'" + b64("compact/k") + "','value':'" + b64("2") + "'}")
        .body().path("header").path("revision").asLong();
    assertThat(http.post("/v3/kv/compaction", "{'revision':'" + second + "'}").status()).isEqualTo(200);
    Reply old = http.post("/v3/kv/range", "{'key':'" + b64("compact/k") + "','revision':'" + first + "'}");
    assertThat(old.status()).isEqualTo(400);
    assertThat(old.body().path("code").asInt()).isEqualTo(11);
    assertThat(old.body().path("message").asText()).isEqualTo("etcdserver: mvcc: required revision has been compacted");
  }

  @Test
  void memberListStatusHealthVersionAndMetrics() {
    JsonNode members = http.post("/v3/cluster/member/list", "{}").body().path("members");
    assertThat(members).hasSize(1);
    assertThat(members.get(0).path("name").asText()).isEqualTo("solo");
    assertThat(members.get(0).path("clientURLs").get(0).asText()).isEqualTo(node.clientUrl());
    JsonNode status = http.post("/v3/maintenance/status", "{}").body();
    assertThat(status.path("leader").asText()).isEqualTo(Long.toUnsignedString(node.cluster().memberId()));
    assertThat(status.path("version").asText()).isEqualTo("3.4.0");
    assertThat(http.get("/health").body().path("health").asText()).isEqualTo("true");
    assertThat(http.get("/version").body().path("etcdserver").asText()).isEqualTo("3.4.0");
    assertThat(http.getText("/metrics")).contains("etcd_server_has_leader 1").contains("coreactor_raft_term ");
  }

  @Test
  void badInputIsA400ThatChangesNothing() {
    long before = http.post("/v3/kv/range", "{'key':'" + b64("x") + "'}").body().path("header").path("revision").asLong();
    Reply bad = http.post("/v3/kv/put", "{'key':'" + b64("x") + "','value':'not base64!'}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body().path("code").asInt()).isEqualTo(3);
    long after = http.post("/v3/kv/range", "{'key':'" + b64("x") + "'}").body().path("header").path("revision").asLong();
    assertThat(after).isEqualTo(before);
  }
}
