package io.coreactor.gateway.v3;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coreactor.gateway.testing.RouteTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.Test;

/**
 * Randomly broken versions of valid requests to every unary v3 endpoint: whatever the input,
 * the answer is a 200 or a 4xx in grpc-gateway's shape, never a 5xx. Prints its seed; replay
 * with {@code -Dfuzz.seed=N}.
 */
class V3FuzzTest extends RouteTestBase {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String[][] VALID = {
      {"/v3/kv/put", "{'key':'Zm9v','value':'YmFy','lease':'0','prev_kv':true}"},
      {"/v3/kv/range", "{'key':'YQ==','range_end':'ew==','limit':'5','sort_order':'ASCEND','sort_target':'MOD','revision':0}"},
      {"/v3/kv/deleterange", "{'key':'YQ==','range_end':'AA==','prev_kv':false}"},
      {"/v3/kv/txn", "{'compare':[{'key':'Zm9v','target':'VALUE','result':'EQUAL','value':'YmFy'}],"
          + "'success':[{'request_put':{'key':'Zm9v','value':'eA=='}},{'request_range':{'key':'Zm9v'}}],"
          + "'failure':[{'request_txn':{'success':[{'request_delete_range':{'key':'Zm9v'}}]}}]}"},
      {"/v3/kv/compaction", "{'revision':'1','physical':true}"},
      {"/v3/lease/grant", "{'TTL':'10','ID':'0'}"},
      {"/v3/lease/revoke", "{'ID':'1'}"},
      {"/v3/lease/timetolive", "{'ID':'1','keys':true}"},
      {"/v3/lease/leases", "{}"},
      {"/v3/lease/keepalive", "{'ID':'1'}"},
      {"/v3/maintenance/status", "{}"},
      {"/v3/cluster/member/list", "{}"},
      {"/v3/watch", "{'create_request':{'key':'Zm9v','start_revision':'99','filters':['NOPUT']}}"},
  };

  @Test
  void brokenRequestsAreNeverA5xx() throws Exception {
    long seed = Long.getLong("fuzz.seed", System.nanoTime());
    System.out.println("V3FuzzTest seed " + seed + " (replay: -Dfuzz.seed=" + seed + ")");
    Random random = new Random(seed);
    int runs = 300;
    for (int i = 0; i < runs; i++) {
      String[] target = VALID[random.nextInt(VALID.length)];
      String body = random.nextInt(4) == 0 ? mangleText(target[1].replace('\'', '"'), random)
          : mutate(parse(target[1]), random).toString();
      String context = "seed " + seed + ", run " + i + ": " + target[0] + " " + body;
      if (target[0].equals("/v3/watch")) {
        // A valid watch streams until cancelled: look at its status, then hang up.
        HttpResponse response = route.handler(system()).apply(HttpRequest.POST("/v3/watch")
            .withEntity(ContentTypes.APPLICATION_JSON, body)).toCompletableFuture().get(5, TimeUnit.SECONDS);
        response.entity().getDataBytes().runWith(Sink.cancelled(), materializer());
        assertThat(response.status().intValue()).as(context).isLessThan(500);
        continue;
      }
      TestRouteResult r = postRaw(target[0], body);
      int status = r.statusCode();
      assertThat(status).as(context + " -> " + status).isLessThan(500);
      if (status != 200) {
        JsonNode error = json(r);
        assertThat(error.path("code").asInt()).as(context).isPositive();
        assertThat(error.path("message").asText()).as(context).isNotEmpty();
      }
    }
  }

  private static JsonNode mutate(JsonNode node, Random random) {
    if (node instanceof ObjectNode o && o.size() > 0) {
      List<String> names = new ArrayList<>();
      o.fieldNames().forEachRemaining(names::add);
      String name = names.get(random.nextInt(names.size()));
      switch (random.nextInt(5)) {
        case 0 -> o.set(name, junk(random));
        case 1 -> o.remove(name);
        case 2 -> o.set("x" + random.nextInt(3), junk(random));
        default -> o.set(name, mutate(o.get(name), random));
      }
      return o;
    }
    if (node instanceof ArrayNode a && a.size() > 0) {
      int i = random.nextInt(a.size());
      if (random.nextBoolean()) {
        a.set(i, mutate(a.get(i), random));
      } else {
        a.set(i, junk(random));
      }
      return a;
    }
    return random.nextBoolean() ? junk(random) : node;
  }

  private static JsonNode junk(Random random) {
    return switch (random.nextInt(12)) {
      case 0 -> NODES.nullNode();
      case 1 -> NODES.booleanNode(random.nextBoolean());
      case 2 -> NODES.numberNode(random.nextLong());
      case 3 -> NODES.numberNode(random.nextDouble() * 1e6);
      case 4 -> NODES.textNode("not base64 !");
      case 5 -> NODES.textNode(Long.toString(random.nextLong()));
      case 6 -> NODES.arrayNode().add(NODES.nullNode()).add(1);
      case 7 -> NODES.objectNode().put("key", "Zm9v");
      case 8 -> NODES.textNode("-" + random.nextInt(100));
      case 9 -> NODES.numberNode(new java.math.BigInteger("123456789012345678901234567890"));
      case 10 -> NODES.textNode("");
      default -> NODES.textNode("DESCEND");
    };
  }

  private static String mangleText(String json, Random random) {
    StringBuilder b = new StringBuilder(json);
    for (int n = 1 + random.nextInt(3); n > 0 && b.length() > 0; n--) {
      int at = random.nextInt(b.length());
      switch (random.nextInt(3)) {
        case 0 -> b.deleteCharAt(at);
        case 1 -> b.insert(at, "{}[],:\"\\0x".charAt(random.nextInt(10)));
        default -> b.setLength(at);
      }
    }
    return b.toString();
  }
}
