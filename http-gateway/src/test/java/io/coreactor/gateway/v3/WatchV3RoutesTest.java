package io.coreactor.gateway.v3;

import static org.assertj.core.api.Assertions.assertThat;

import io.coreactor.gateway.testing.RouteTestBase;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.stream.javadsl.Framing;
import org.apache.pekko.stream.javadsl.FramingTruncation;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.SinkQueueWithCancel;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

/** /v3/watch: a stream of {"result": WatchResponse} lines, ended by the client or by the watch. */
class WatchV3RoutesTest extends RouteTestBase {

  private final String foo = b64("foo");

  @Test
  void createdLineThenOneLinePerRevision() throws Exception {
    SinkQueueWithCancel<String> lines = watch("{'create_request':{'key':'" + foo + "'}}");
    assertThat(parse(next(lines))).isEqualTo(parse("{'result':{'header':" + header(1) + ",'watch_id':'1','created':true}}"));
    post("/v3/kv/put", "{'key':'" + foo + "','value':'" + b64("bar") + "'}");
    post("/v3/kv/put", "{'key':'" + b64("other") + "','value':'" + b64("x") + "'}");
    post("/v3/kv/deleterange", "{'key':'" + foo + "'}");
    assertThat(parse(next(lines))).isEqualTo(parse("{'result':{'header':" + header(2) + ",'watch_id':'1','events':["
        + "{'kv':{'key':'" + foo + "','create_revision':'2','mod_revision':'2','version':'1','value':'"
        + b64("bar") + "'}}]}}"));
    assertThat(parse(next(lines))).isEqualTo(parse("{'result':{'header':" + header(4) + ",'watch_id':'1','events':["
        + "{'type':'DELETE','kv':{'key':'" + foo + "','mod_revision':'4'}}]}}"));
    lines.cancel();
  }

  @Test
  void prefixFiltersPrevKvAndAClientChosenWatchId() throws Exception {
    post("/v3/kv/put", "{'key':'" + b64("a/1") + "','value':'" + b64("v1") + "'}");
    SinkQueueWithCancel<String> lines = watch("{'create_request':{'key':'" + b64("a/") + "','range_end':'"
        + b64("a0") + "','prev_kv':true,'filters':['NOPUT'],'watch_id':'42'}}");
    assertThat(parse(next(lines)).path("result").path("watch_id").asText()).isEqualTo("42");
    post("/v3/kv/put", "{'key':'" + b64("a/2") + "','value':'" + b64("v2") + "'}");
    post("/v3/kv/deleterange", "{'key':'" + b64("a/1") + "'}");
    assertThat(parse(next(lines))).isEqualTo(parse("{'result':{'header':" + header(4) + ",'watch_id':'42','events':["
        + "{'type':'DELETE','kv':{'key':'" + b64("a/1") + "','mod_revision':'4'},'prev_kv':{'key':'" + b64("a/1")
        + "','create_revision':'2','mod_revision':'2','version':'1','value':'" + b64("v1") + "'}}]}}"));
    lines.cancel();
  }

  @Test
  void startRevisionReplaysHistory() throws Exception {
    post("/v3/kv/put", "{'key':'" + foo + "','value':'" + b64("1") + "'}");
    post("/v3/kv/put", "{'key':'" + foo + "','value':'" + b64("2") + "'}");
    SinkQueueWithCancel<String> lines = watch("{'create_request':{'key':'" + foo + "','start_revision':'2'}}");
    assertThat(parse(next(lines)).path("result").path("created").asBoolean()).isTrue();
    assertThat(parse(next(lines)).path("result").path("events").get(0).path("kv").path("value").asText()).isEqualTo(b64("1"));
    assertThat(parse(next(lines)).path("result").path("events").get(0).path("kv").path("value").asText()).isEqualTo(b64("2"));
    lines.cancel();
  }

  @Test
  void aCompactedStartIsCanceledWithTheCompactRevisionAndEndsTheStream() throws Exception {
    post("/v3/kv/put", "{'key':'" + foo + "','value':'" + b64("1") + "'}");
    post("/v3/kv/put", "{'key':'" + foo + "','value':'" + b64("2") + "'}");
    post("/v3/kv/compaction", "{'revision':'3'}");
    SinkQueueWithCancel<String> lines = watch("{'create_request':{'key':'" + foo + "','start_revision':'2'}}");
    assertThat(parse(next(lines)).path("result").path("created").asBoolean()).isTrue();
    assertThat(parse(next(lines))).isEqualTo(parse("{'result':{'header':" + header(3)
        + ",'watch_id':'1','canceled':true,'compact_revision':'3'}}"));
    assertThat(lines.pull().toCompletableFuture().get(5, TimeUnit.SECONDS)).isEmpty();
  }

  @Test
  void aClientThatGoesAwayCancelsItsWatch() throws Exception {
    SinkQueueWithCancel<String> lines = watch("{'create_request':{'key':'" + foo + "'}}");
    next(lines);
    assertThat(kv.activeWatches()).isEqualTo(1);
    lines.cancel();
    awaitTrue(() -> kv.activeWatches() == 0);
  }

  @Test
  void aClientThatFallsTooFarBehindLosesTheStreamNotEvents() throws Exception {
    SinkQueueWithCancel<String> lines = watch("{'create_request':{'key':'" + b64("k") + "','range_end':'AA=='}}");
    next(lines);
    int writes = 200;
    for (int i = 0; i < writes; i++) {
      post("/v3/kv/put", "{'key':'" + b64("k" + i) + "','value':'" + b64("v") + "'}");
    }
    int received = 0;
    long revision = 1;
    try {
      for (Optional<String> line = pull(lines); line.isPresent() && received < writes; line = pull(lines)) {
        long r = parse(line.get()).path("result").path("header").path("revision").asLong();
        assertThat(r).as("no revision skipped").isEqualTo(revision + 1);
        revision = r;
        received++;
      }
    } catch (java.util.concurrent.ExecutionException ended) {
      // The stream failed: the watch fell too far behind.
    }
    assertThat(received).isLessThan(writes);
    awaitTrue(() -> kv.activeWatches() == 0);
  }

  @Test
  void badWatchRequestsAreRefusedBeforeAnyStream() {
    assertError(post("/v3/watch", "{}"), 400, 3, "a /v3/watch body must hold a create_request");
    assertError(post("/v3/watch", "{'cancel_request':{'watch_id':1}}"), 400, 3, "not a cancel_request");
    assertError(post("/v3/watch", "{'create_request':{'key':'" + foo + "','filters':['NOGET']}}"), 400, 3, "filters");
    assertError(post("/v3/watch", "{'create_request':{'key':'" + foo + "','prefix':true}}"), 400, 3,
        "unknown field \"prefix\" in etcdserverpb.WatchCreateRequest");
    assertError(post("/v3/watch", "{'create_request':{'key':'%%%'}}"), 400, 3, "bad base64");
    assertError(postRaw("/v3/watch", "{\"create_request\":"), 400, 3, "malformed JSON");
    assertThat(kv.activeWatches()).isZero();
  }

  /** Starts a watch through the route itself (the testkit would wait for the stream's end). */
  private SinkQueueWithCancel<String> watch(String body) throws Exception {
    HttpResponse response = route.handler(system()).apply(HttpRequest.POST("/v3/watch")
        .withEntity(ContentTypes.APPLICATION_JSON, body.replace('\'', '"')))
        .toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertThat(response.status().intValue()).isEqualTo(200);
    return response.entity().getDataBytes()
        .via(Framing.delimiter(ByteString.fromString("\n"), 1 << 20, FramingTruncation.DISALLOW))
        .map(ByteString::utf8String)
        .runWith(Sink.queue(), materializer());
  }

  private static String next(SinkQueueWithCancel<String> lines) throws Exception {
    return pull(lines).orElseThrow(() -> new AssertionError("the watch stream ended"));
  }

  private static Optional<String> pull(SinkQueueWithCancel<String> lines) throws Exception {
    return lines.pull().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 5s").isLessThan(deadline);
      Thread.onSpinWait();
      Thread.yield();
    }
  }
}
