package io.coreactor.gateway.v2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The v2 API across three real members: writes on one are seen, watched and raced on others. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RaftV2SemanticsTest {

  private RaftV2Cluster cluster;
  private final List<V2HttpClient> clients = new ArrayList<>();

  @BeforeAll
  void start(@TempDir Path data) throws Exception {
    cluster = new RaftV2Cluster(data);
    cluster.awaitReady();
    cluster.urls().forEach(u -> clients.add(new V2HttpClient(u)));
  }

  @AfterAll
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aWriteOnOneMemberWakesALongPollOnAnother() throws Exception {
    long idx = V2HttpClient.json(clients.get(0).send("PUT", "/v2/keys/x/lp", "value=1"))
        .get("node").get("modifiedIndex").asLong();
    CompletableFuture<HttpResponse<String>> poll =
        clients.get(1).start("/v2/keys/x/lp?wait=true&waitIndex=" + (idx + 1));
    clients.get(2).send("PUT", "/v2/keys/x/lp?prevValue=1", "value=2");
    JsonNode ev = V2HttpClient.json(poll.get(10, TimeUnit.SECONDS));
    assertThat(ev.get("action").asText()).isEqualTo("compareAndSwap");
    assertThat(ev.get("node").get("value").asText()).isEqualTo("2");
    assertThat(V2HttpClient.json(clients.get(1).send("GET", "/v2/keys/x/lp", null))
        .get("node").get("value").asText()).isEqualTo("2");
  }

  @Test
  void aTtlExpiresThroughTheLeaderAsAnExpireEvent() throws Exception {
    HttpResponse<String> set = clients.get(1).send("PUT", "/v2/keys/x/ttl", "value=t&ttl=1");
    assertThat(set.statusCode()).isEqualTo(201);
    long idx = V2HttpClient.json(set).get("node").get("modifiedIndex").asLong();
    JsonNode ev = V2HttpClient.json(clients.get(2).start("/v2/keys/x/ttl?wait=true&waitIndex="
        + (idx + 1)).get(10, TimeUnit.SECONDS));
    assertThat(ev.get("action").asText()).isEqualTo("expire");
    assertThat(clients.get(0).send("GET", "/v2/keys/x/ttl", null).statusCode()).isEqualTo(404);
  }

  @Test
  void racingCreatesOnThreeMembersHaveOneWinner() throws Exception {
    List<CompletableFuture<Integer>> racers = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      V2HttpClient c = clients.get(i % 3);
      int n = i;
      racers.add(CompletableFuture.supplyAsync(() -> {
        try {
          return c.send("PUT", "/v2/keys/x/once?prevExist=false", "value=" + n).statusCode();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }));
    }
    List<Integer> codes = new ArrayList<>();
    for (CompletableFuture<Integer> r : racers) {
      codes.add(r.get(30, TimeUnit.SECONDS));
    }
    assertThat(codes).containsOnly(201, 412);
    assertThat(codes.stream().filter(c -> c == 201).count()).isEqualTo(1);
  }

  @Test
  void inOrderKeysFromAllMembersAreDistinctAndOrdered() throws Exception {
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < 6; i++) {
      keys.add(V2HttpClient.json(clients.get(i % 3).send("POST", "/v2/keys/x/q", "value=" + i))
          .get("node").get("key").asText());
    }
    assertThat(keys).hasSize(6);
    JsonNode list = V2HttpClient.json(clients.get(0).send("GET", "/v2/keys/x/q?sorted=true",
        null)).get("node").get("nodes");
    List<String> values = new ArrayList<>();
    list.forEach(n -> values.add(n.get("value").asText()));
    assertThat(values).containsExactly("0", "1", "2", "3", "4", "5");
  }
}
