package io.coreactor.gateway.v2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.coreactor.consensus.kv.Bytes;
import io.coreactor.consensus.kv.PutRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code wait=true} over real HTTP: long polls, history, streams, expiry and errors. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WatchHttpTest {

  private V2TestServer server;
  private V2HttpClient client;

  @BeforeAll
  void start() throws Exception {
    server = new V2TestServer();
    client = new V2HttpClient(server.url);
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  private long set(String path, String form) throws Exception {
    HttpResponse<String> r = client.send("PUT", "/v2/keys" + path, form);
    assertThat(r.statusCode()).as(r.body()).isIn(200, 201);
    return V2HttpClient.json(r).get("node").get("modifiedIndex").asLong();
  }

  /** Waits until the server's v3 watch for the pending long poll is registered. */
  private void awaitWatchers(int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (server.kv.watcherCount() < n && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(server.kv.watcherCount()).isGreaterThanOrEqualTo(n);
  }

  @Test
  void longPollAnswersTheNextChange() throws Exception {
    set("/lp", "value=before");
    int before = server.kv.watcherCount();
    CompletableFuture<HttpResponse<String>> poll = client.start("/v2/keys/lp?wait=true");
    awaitWatchers(before + 1);
    long idx = set("/lp", "value=after");
    HttpResponse<String> r = poll.get(10, TimeUnit.SECONDS);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("X-Etcd-Index")).isPresent();
    JsonNode ev = V2HttpClient.json(r);
    assertThat(ev.get("action").asText()).isEqualTo("set");
    assertThat(ev.get("node").get("value").asText()).isEqualTo("after");
    assertThat(ev.get("node").get("modifiedIndex").asLong()).isEqualTo(idx);
    assertThat(ev.get("prevNode").get("value").asText()).isEqualTo("before");
  }

  @Test
  void waitIndexReplaysHistoryWithTheActionOfEachWrite() throws Exception {
    long first = set("/hist", "value=1");
    set("/hist?prevValue=1", "value=2");
    JsonNode ev = V2HttpClient.json(client.start("/v2/keys/hist?wait=true&waitIndex=" + first)
        .get(10, TimeUnit.SECONDS));
    assertThat(ev.get("action").asText()).isEqualTo("set");
    assertThat(ev.get("node").get("value").asText()).isEqualTo("1");
    JsonNode next = V2HttpClient.json(client.start("/v2/keys/hist?wait=true&waitIndex="
        + (first + 1)).get(10, TimeUnit.SECONDS));
    assertThat(next.get("action").asText()).isEqualTo("compareAndSwap");
  }

  @Test
  void recursiveWatchSeesChildrenButNotHiddenOnes() throws Exception {
    long hidden = set("/rw/_secret", "value=h");
    set("/rw/child", "value=c");
    JsonNode ev = V2HttpClient.json(client.start("/v2/keys/rw?wait=true&recursive=true&waitIndex="
        + hidden).get(10, TimeUnit.SECONDS));
    assertThat(ev.get("node").get("key").asText()).isEqualTo("/rw/child");
    // Without recursive, a change below the directory is not the directory's.
    long below = set("/nr/x", "value=1");
    client.send("PUT", "/v2/keys/nr?dir=true&prevExist=true", "");
    JsonNode own = V2HttpClient.json(client.start("/v2/keys/nr?wait=true&waitIndex=" + below)
        .get(10, TimeUnit.SECONDS));
    assertThat(own.get("action").asText()).isEqualTo("update");
    assertThat(own.get("node").get("key").asText()).isEqualTo("/nr");
  }

  @Test
  void deletingADirectoryWakesWatchersBelowIt() throws Exception {
    long idx = set("/gone/x", "value=1");
    client.send("DELETE", "/v2/keys/gone?recursive=true", null);
    JsonNode ev = V2HttpClient.json(client.start("/v2/keys/gone/x?wait=true&waitIndex=" + (idx + 1))
        .get(10, TimeUnit.SECONDS));
    assertThat(ev.get("action").asText()).isEqualTo("delete");
    assertThat(ev.get("node").get("key").asText()).isEqualTo("/gone");
    assertThat(ev.get("node").get("dir").asBoolean()).isTrue();
  }

  @Test
  void anExpiringKeyGivesAnExpireEvent() throws Exception {
    long idx = set("/ttl", "value=short&ttl=1");
    JsonNode ev = V2HttpClient.json(client.start("/v2/keys/ttl?wait=true&waitIndex=" + (idx + 1))
        .get(10, TimeUnit.SECONDS));
    assertThat(ev.get("action").asText()).isEqualTo("expire");
    assertThat(ev.get("node").get("key").asText()).isEqualTo("/ttl");
    assertThat(ev.get("prevNode").get("value").asText()).isEqualTo("short");
  }

  @Test
  void aDirectoryWithATtlExpiresWithItsContentsAsOneEvent() throws Exception {
    HttpResponse<String> mk = client.send("PUT", "/v2/keys/tdir?dir=true", "ttl=1");
    assertThat(mk.statusCode()).isEqualTo(201);
    long idx = set("/tdir/inner/leaf", "value=x");
    JsonNode ev = V2HttpClient.json(client.start("/v2/keys/tdir?wait=true&recursive=true&waitIndex="
        + (idx + 1)).get(10, TimeUnit.SECONDS));
    assertThat(ev.get("action").asText()).isEqualTo("expire");
    assertThat(ev.get("node").get("key").asText()).isEqualTo("/tdir");
    assertThat(ev.get("node").get("dir").asBoolean()).isTrue();
    assertThat(client.send("GET", "/v2/keys/tdir/inner/leaf", null).statusCode()).isEqualTo(404);
  }

  @Test
  void streamDeliversEveryChangeOnOneResponse() throws Exception {
    long idx = set("/st", "value=0");
    HttpResponse<Stream<String>> r = client.lines("/v2/keys/st?wait=true&stream=true&waitIndex="
        + idx);
    set("/st", "value=1");
    // Idle heartbeats are blank lines between the events.
    Iterator<String> lines = r.body().filter(l -> !l.isBlank()).iterator();
    assertThat(V2HttpClient.MAPPER.readTree(lines.next()).get("node").get("value").asText())
        .isEqualTo("0");
    assertThat(V2HttpClient.MAPPER.readTree(lines.next()).get("node").get("value").asText())
        .isEqualTo("1");
    r.body().close();
  }

  @Test
  void anIdleLongPollWritesBlankHeartbeatsBeforeItsEvent() throws Exception {
    long idx = set("/hb", "value=0");
    CompletableFuture<HttpResponse<String>> poll =
        client.start("/v2/keys/hb?wait=true&waitIndex=" + (idx + 1));
    awaitWatchers(server.kv.watcherCount());
    Thread.sleep(350); // idle for a few 100 ms heartbeats
    set("/hb", "value=1");
    String body = poll.get(10, TimeUnit.SECONDS).body();
    assertThat(body).startsWith("\n").endsWith("}\n");
    assertThat(V2HttpClient.MAPPER.readTree(body).get("node").get("value").asText()).isEqualTo("1");
  }

  @Test
  void aClientThatHangsUpEndsItsWatch() throws Exception {
    int before = server.kv.watcherCount();
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1",
        java.net.URI.create(server.url).getPort())) {
      socket.getOutputStream().write(("GET /v2/keys/hangup?wait=true HTTP/1.1\r\n"
          + "Host: 127.0.0.1\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      awaitWatchers(before + 1);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (server.kv.watcherCount() > before && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(server.kv.watcherCount()).isEqualTo(before);
  }

  @Test
  void aWaitIndexOutsideTheLast1000EventsIs401() throws Exception {
    for (int i = 0; i < 1005; i++) {
      server.kv.put(PutRequest.of(Bytes.of("/v3/filler"), Bytes.of("x")));
    }
    HttpResponse<String> r = client.start("/v2/keys/any?wait=true&waitIndex=1")
        .get(10, TimeUnit.SECONDS);
    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode e = V2HttpClient.json(r);
    long current = server.kv.revision();
    assertThat(e.get("errorCode").asInt()).isEqualTo(401);
    assertThat(e.get("message").asText())
        .isEqualTo("The event in requested index is outdated and cleared");
    assertThat(e.get("cause").asText())
        .isEqualTo("the requested history has been cleared [" + (current - 999) + "/1]");
    assertThat(e.get("index").asLong()).isEqualTo(current);
  }
}
