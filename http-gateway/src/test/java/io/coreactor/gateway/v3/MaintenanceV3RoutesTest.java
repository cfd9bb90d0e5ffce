package io.coreactor.gateway.v3;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.coreactor.gateway.testing.RouteTestBase;
import org.junit.jupiter.api.Test;

/** /v3/maintenance/hashkv (and etcd 3.4's /v3/maintenance/hash): etcd's HashKV over the gateway. */
class MaintenanceV3RoutesTest extends RouteTestBase {

  @Test
  void hashKvChangesWithEveryWriteAndCoversOnlyTheAskedRevisions() {
    put("a", "1");
    JsonNode first = json(post("/v3/maintenance/hashkv", "{'revision':'0'}"));
    assertThat(first.path("header").path("revision").asText()).isEqualTo("2");
    assertThat(first.path("hash").isIntegralNumber()).as("uint32 is a JSON number: %s", first).isTrue();
    assertThat(first.path("compact_revision").asText()).as("never compacted, as etcd says it").isEqualTo("-1");

    put("b", "2");
    JsonNode second = json(post("/v3/maintenance/hashkv", "{}"));
    assertThat(second.path("header").path("revision").asText()).isEqualTo("3");
    assertThat(second.path("hash").asLong()).isNotEqualTo(first.path("hash").asLong());

    // Through revision 2 the history is what it was: same hash, header at the current revision.
    JsonNode through2 = json(post("/v3/maintenance/hashkv", "{'revision':2}"));
    assertThat(through2.path("hash").asLong()).isEqualTo(first.path("hash").asLong());
    assertThat(through2.path("header").path("revision").asText()).isEqualTo("3");
  }

  @Test
  void etcd34PathServesHashKvToo() {
    put("a", "1");
    assertThat(json(post("/v3/maintenance/hash", "{}"))).isEqualTo(json(post("/v3/maintenance/hashkv", "{}")));
  }

  @Test
  void compactedAndFutureRevisionsAndBadInputAreRefused() {
    put("a", "1");
    put("a", "2");
    post("/v3/kv/compaction", "{'revision':'2'}");
    JsonNode compacted = json(post("/v3/maintenance/hashkv", "{}"));
    assertThat(compacted.path("compact_revision").asText()).isEqualTo("2");
    assertError(post("/v3/maintenance/hashkv", "{'revision':'2'}"), 400, 11, "compacted");
    assertError(post("/v3/maintenance/hashkv", "{'revision':'99'}"), 400, 11, "future revision");
    assertError(post("/v3/maintenance/hashkv", "{'revision':'x'}"), 400, 3, "revision");
    assertError(post("/v3/maintenance/hashkv", "{'rev':1}"), 400, 3, "unknown field \"rev\" in etcdserverpb.HashKVRequest");
  }

  private void put(String key, String value) {
    assertThat(post("/v3/kv/put", "{'key':'" + b64(key) + "','value':'" + b64(value) + "'}").statusCode()).isEqualTo(200);
  }
}
