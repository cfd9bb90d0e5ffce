package io.coreactor.gateway.v2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.coreactor.consensus.kv.Bytes;
import io.coreactor.consensus.kv.RangeRequest;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.junit.jupiter.api.Test;

/** etcd 2's keys API on the v3 store: actions, statuses, nodes, headers and layout. */
class KeysRoutesTest extends V2RouteTest {

  @Test
  void setCreatesWith201ThenReplacesWith200AndPrevNode() {
    TestRouteResult first = put("/v2/keys/message", "value=Hello+world");
    first.assertStatusCode(201);
    JsonNode ev = json(first);
    assertThat(ev.get("action").asText()).isEqualTo("set");
    assertThat(ev.get("node").get("key").asText()).isEqualTo("/message");
    assertThat(ev.get("node").get("value").asText()).isEqualTo("Hello world");
    long created = ev.get("node").get("createdIndex").asLong();
    assertThat(ev.get("node").get("modifiedIndex").asLong()).isEqualTo(created);
    assertThat(ev.has("prevNode")).isFalse();
    assertThat(header(first, "X-Etcd-Index")).isEqualTo(Long.toString(created));
    assertThat(header(first, "X-Etcd-Cluster-ID")).isEqualTo("c1a57e5");
    assertThat(header(first, "X-Raft-Index")).isNotNull();
    assertThat(header(first, "X-Raft-Term")).isEqualTo("2");

    TestRouteResult second = put("/v2/keys/message", "value=Hello+etcd");
    second.assertStatusCode(200);
    JsonNode ev2 = json(second);
    assertThat(ev2.get("prevNode").get("value").asText()).isEqualTo("Hello world");
    assertThat(ev2.get("prevNode").get("modifiedIndex").asLong()).isEqualTo(created);
    assertThat(ev2.get("node").get("modifiedIndex").asLong()).isGreaterThan(created);

    JsonNode got = json(get("/v2/keys/message").assertStatusCode(200));
    assertThat(got.get("action").asText()).isEqualTo("get");
    assertThat(got.get("node").get("value").asText()).isEqualTo("Hello etcd");
  }

  @Test
  void bodiesAreEtcdsJsonExactly() {
    TestRouteResult r = put("/v2/keys/exact", "value=v");
    long i = json(r).get("node").get("modifiedIndex").asLong();
    assertThat(r.entityString()).isEqualTo("{\"action\":\"set\",\"node\":{\"key\":\"/exact\","
        + "\"value\":\"v\",\"modifiedIndex\":" + i + ",\"createdIndex\":" + i + "}}\n");
    assertThat(get("/v2/keys/nothing").entityString()).isEqualTo("{\"errorCode\":100,"
        + "\"message\":\"Key not found\",\"cause\":\"/nothing\",\"index\":" + i + "}\n");
    TestRouteResult dir = put("/v2/keys/exactdir?dir=true", "");
    long d = json(dir).get("node").get("modifiedIndex").asLong();
    assertThat(dir.entityString()).isEqualTo("{\"action\":\"set\",\"node\":{\"key\":"
        + "\"/exactdir\",\"dir\":true,\"modifiedIndex\":" + d + ",\"createdIndex\":" + d + "}}\n");
  }

  @Test
  void valueInTheQueryWorksAndTheBodyWins() {
    put("/v2/keys/q?value=fromQuery", "").assertStatusCode(201);
    assertThat(json(get("/v2/keys/q")).get("node").get("value").asText()).isEqualTo("fromQuery");
    put("/v2/keys/q?value=fromQuery", "value=fromBody").assertStatusCode(200);
    assertThat(json(get("/v2/keys/q")).get("node").get("value").asText()).isEqualTo("fromBody");
  }

  @Test
  void keysLiveUnderTheReservedPrefixWithDirectoryMarkers() {
    put("/v2/keys/a/b/c", "value=1").assertStatusCode(201);
    List<String> keys = new ArrayList<>();
    kv.range(RangeRequest.prefix(Bytes.of(V2Layout.PREFIX))).toCompletableFuture().join().kvs()
        .forEach(k -> keys.add(k.key().toStringUtf8()));
    assertThat(keys).containsExactly("/v2keys", "/v2keys/a/", "/v2keys/a/b/", "/v2keys/a/b/c");
  }

  @Test
  void directoriesAreCreatedImplicitlyAndListed() {
    put("/v2/keys/dir/x", "value=1");
    put("/v2/keys/dir/sub/y", "value=2");
    put("/v2/keys/dir/_hidden", "value=3");
    JsonNode flat = json(get("/v2/keys/dir").assertStatusCode(200)).get("node");
    assertThat(flat.get("dir").asBoolean()).isTrue();
    assertThat(flat.has("value")).isFalse();
    assertThat(flat.get("nodes")).hasSize(2);
    assertThat(flat.get("nodes").get(0).get("key").asText()).isEqualTo("/dir/sub");
    assertThat(flat.get("nodes").get(0).get("dir").asBoolean()).isTrue();
    assertThat(flat.get("nodes").get(0).has("nodes")).isFalse();
    assertThat(flat.get("nodes").get(1).get("key").asText()).isEqualTo("/dir/x");

    JsonNode deep = json(get("/v2/keys/dir?recursive=true&sorted=true")).get("node");
    assertThat(deep.get("nodes").get(0).get("nodes").get(0).get("key").asText())
        .isEqualTo("/dir/sub/y");
    // A hidden key is not listed, but can be read directly.
    assertThat(json(get("/v2/keys/dir/_hidden")).get("node").get("value").asText())
        .isEqualTo("3");

    JsonNode root = json(get("/v2/keys/")).get("node");
    assertThat(root.has("key")).isFalse();
    assertThat(root.get("dir").asBoolean()).isTrue();
    assertThat(root.get("nodes").get(0).get("key").asText()).isEqualTo("/dir");
  }

  @Test
  void mkdirCreatesAnEmptyDirectoryAndTwiceIs105() {
    TestRouteResult r = put("/v2/keys/newdir?dir=true&prevExist=false", "");
    r.assertStatusCode(201);
    assertThat(json(r).get("action").asText()).isEqualTo("create");
    assertThat(json(r).get("node").get("dir").asBoolean()).isTrue();
    JsonNode again = json(put("/v2/keys/newdir?dir=true&prevExist=false", "")
        .assertStatusCode(412));
    assertThat(again.get("errorCode").asInt()).isEqualTo(105);
    assertThat(again.get("message").asText()).isEqualTo("Key already exists");
    assertThat(again.get("cause").asText()).isEqualTo("/newdir");
    assertThat(json(get("/v2/keys/newdir")).get("node").has("nodes")).isFalse();
  }

  @Test
  void updateNeedsAnExistingKeyAndKeepsCreatedIndex() {
    JsonNode missing = json(put("/v2/keys/nokey?prevExist=true", "value=x").assertStatusCode(404));
    assertThat(missing.get("errorCode").asInt()).isEqualTo(100);
    assertThat(missing.get("message").asText()).isEqualTo("Key not found");
    assertThat(missing.get("cause").asText()).isEqualTo("/nokey");
    long created = json(put("/v2/keys/k", "value=1")).get("node").get("createdIndex").asLong();
    JsonNode up = json(put("/v2/keys/k?prevExist=true", "value=2").assertStatusCode(200));
    assertThat(up.get("action").asText()).isEqualTo("update");
    assertThat(up.get("node").get("createdIndex").asLong()).isEqualTo(created);
    assertThat(up.get("prevNode").get("value").asText()).isEqualTo("1");
  }

  @Test
  void compareAndSwapOnValueAndIndex() {
    long idx = json(put("/v2/keys/foo", "value=one")).get("node").get("modifiedIndex").asLong();
    JsonNode bad = json(put("/v2/keys/foo?prevValue=two", "value=three").assertStatusCode(412));
    assertThat(bad.get("errorCode").asInt()).isEqualTo(101);
    assertThat(bad.get("message").asText()).isEqualTo("Compare failed");
    assertThat(bad.get("cause").asText()).isEqualTo("[two != one]");
    assertThat(bad.get("index").asLong()).isEqualTo(idx);
    JsonNode badIdx = json(put("/v2/keys/foo?prevIndex=" + (idx + 7), "value=three"));
    assertThat(badIdx.get("cause").asText()).isEqualTo("[" + (idx + 7) + " != " + idx + "]");
    JsonNode both = json(put("/v2/keys/foo?prevValue=x&prevIndex=1", "value=three"));
    assertThat(both.get("cause").asText()).isEqualTo("[x != one] [1 != " + idx + "]");

    JsonNode ok = json(put("/v2/keys/foo?prevValue=one&prevIndex=" + idx, "value=two")
        .assertStatusCode(200));
    assertThat(ok.get("action").asText()).isEqualTo("compareAndSwap");
    assertThat(ok.get("node").get("value").asText()).isEqualTo("two");
    assertThat(ok.get("prevNode").get("value").asText()).isEqualTo("one");
  }

  @Test
  void compareAndSwapOnADirectoryIsNotAFile() {
    put("/v2/keys/d/x", "value=1");
    JsonNode e = json(put("/v2/keys/d?prevValue=a", "value=b").assertStatusCode(403));
    assertThat(e.get("errorCode").asInt()).isEqualTo(102);
    assertThat(e.get("message").asText()).isEqualTo("Not a file");
    assertThat(e.get("cause").asText()).isEqualTo("/d");
  }

  @Test
  void setOnADirectoryIsNotAFileAndUnderAFileIsNotADirectory() {
    put("/v2/keys/d/x", "value=1");
    assertThat(json(put("/v2/keys/d", "value=v").assertStatusCode(403)).get("errorCode").asInt())
        .isEqualTo(102);
    JsonNode e = json(put("/v2/keys/d/x/y", "value=v").assertStatusCode(400));
    assertThat(e.get("errorCode").asInt()).isEqualTo(104);
    assertThat(e.get("message").asText()).isEqualTo("Not a directory");
    assertThat(e.get("cause").asText()).isEqualTo("/d/x");
    assertThat(json(get("/v2/keys/d/x/y").assertStatusCode(400)).get("errorCode").asInt())
        .isEqualTo(104);
    assertThat(json(get("/v2/keys/nope/deeper").assertStatusCode(404)).get("cause").asText())
        .isEqualTo("/nope");
  }

  @Test
  void setDirOverAFileReplacesIt() {
    put("/v2/keys/f", "value=1");
    JsonNode ev = json(put("/v2/keys/f?dir=true", "").assertStatusCode(200));
    assertThat(ev.get("node").get("dir").asBoolean()).isTrue();
    assertThat(ev.get("prevNode").get("value").asText()).isEqualTo("1");
    assertThat(json(get("/v2/keys/f")).get("node").get("dir").asBoolean()).isTrue();
  }

  @Test
  void deleteFileDirectoryAndRecursive() {
    put("/v2/keys/d/x", "value=1");
    put("/v2/keys/empty?dir=true", "");
    JsonNode notFile = json(delete("/v2/keys/d").assertStatusCode(403));
    assertThat(notFile.get("errorCode").asInt()).isEqualTo(102);
    JsonNode notEmpty = json(delete("/v2/keys/d?dir=true").assertStatusCode(403));
    assertThat(notEmpty.get("errorCode").asInt()).isEqualTo(108);
    assertThat(notEmpty.get("message").asText()).isEqualTo("Directory not empty");
    assertThat(notEmpty.get("cause").asText()).isEqualTo("/d");

    JsonNode rmdir = json(delete("/v2/keys/empty?dir=true").assertStatusCode(200));
    assertThat(rmdir.get("node").get("dir").asBoolean()).isTrue();
    assertThat(rmdir.get("prevNode").get("dir").asBoolean()).isTrue();

    JsonNode rm = json(delete("/v2/keys/d/x").assertStatusCode(200));
    assertThat(rm.get("action").asText()).isEqualTo("delete");
    assertThat(rm.get("node").has("value")).isFalse();
    assertThat(rm.get("prevNode").get("value").asText()).isEqualTo("1");
    put("/v2/keys/d/y/z", "value=2");
    delete("/v2/keys/d?recursive=true").assertStatusCode(200);
    get("/v2/keys/d/y/z").assertStatusCode(404);
    get("/v2/keys/d").assertStatusCode(404);
  }

  @Test
  void compareAndDelete() {
    long idx = json(put("/v2/keys/c", "value=one")).get("node").get("modifiedIndex").asLong();
    assertThat(json(delete("/v2/keys/c?prevValue=two").assertStatusCode(412))
        .get("errorCode").asInt()).isEqualTo(101);
    JsonNode ok = json(delete("/v2/keys/c?prevIndex=" + idx).assertStatusCode(200));
    assertThat(ok.get("action").asText()).isEqualTo("compareAndDelete");
    get("/v2/keys/c").assertStatusCode(404);
  }

  @Test
  void rootIsReadOnly() {
    JsonNode e = json(put("/v2/keys/", "value=x").assertStatusCode(400));
    assertThat(e.get("errorCode").asInt()).isEqualTo(107);
    assertThat(e.get("message").asText()).isEqualTo("Root is read only");
    assertThat(e.get("cause").asText()).isEqualTo("/");
    assertThat(json(delete("/v2/keys/?recursive=true")).get("errorCode").asInt()).isEqualTo(107);
  }

  @Test
  void postCreatesInOrderKeysNamedByIndex() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      TestRouteResult r = post("/v2/keys/queue", "value=job" + i);
      r.assertStatusCode(201);
      JsonNode node = json(r).get("node");
      assertThat(json(r).get("action").asText()).isEqualTo("create");
      String key = node.get("key").asText();
      assertThat(key).matches("/queue/\\d{20}");
      assertThat(Long.parseLong(key.substring(7))).isEqualTo(node.get("createdIndex").asLong());
      names.add(key);
    }
    assertThat(names).isSorted();
    JsonNode list = json(get("/v2/keys/queue?recursive=true&sorted=true")).get("node");
    assertThat(list.get("nodes").get(0).get("value").asText()).isEqualTo("job0");
    assertThat(list.get("nodes").get(2).get("value").asText()).isEqualTo("job2");
  }

  @Test
  void ttlShowsExpirationAndEmptyTtlUnsetsIt() {
    JsonNode node = json(put("/v2/keys/tmp", "value=x&ttl=30").assertStatusCode(201)).get("node");
    assertThat(node.get("ttl").asLong()).isEqualTo(30);
    assertThat(node.get("expiration").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    JsonNode read = json(get("/v2/keys/tmp")).get("node");
    assertThat(read.get("ttl").asLong()).isBetween(28L, 30L);
    JsonNode unset = json(put("/v2/keys/tmp?prevExist=true", "value=x&ttl=")).get("node");
    assertThat(unset.has("ttl")).isFalse();
    assertThat(json(get("/v2/keys/tmp")).get("node").has("expiration")).isFalse();
  }

  @Test
  void aKeyWithATtlExpires() throws InterruptedException {
    put("/v2/keys/short", "value=x&ttl=1").assertStatusCode(201);
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (get("/v2/keys/short").statusCode() == 200 && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(get("/v2/keys/short").statusCode()).isEqualTo(404);
  }

  @Test
  void refreshKeepsTheValueAndNeedsATtl() {
    put("/v2/keys/r", "value=keep&ttl=5");
    JsonNode ev = json(put("/v2/keys/r?refresh=true&prevExist=true", "ttl=20")
        .assertStatusCode(200));
    assertThat(ev.get("node").get("value").asText()).isEqualTo("keep");
    assertThat(ev.get("node").get("ttl").asLong()).isEqualTo(20);
    assertThat(json(put("/v2/keys/r?refresh=true", "").assertStatusCode(400))
        .get("errorCode").asInt()).isEqualTo(212);
    assertThat(json(put("/v2/keys/r?refresh=true", "value=x&ttl=5").assertStatusCode(400))
        .get("errorCode").asInt()).isEqualTo(211);
  }

  @Test
  void noValueOnSuccessAnswersOnlyTheAction() {
    JsonNode ev = json(put("/v2/keys/n?noValueOnSuccess=true", "value=x").assertStatusCode(201));
    assertThat(ev.get("action").asText()).isEqualTo("set");
    assertThat(ev.has("node")).isFalse();
  }

  @Test
  void malformedFieldsGetEtcdFormErrors() {
    JsonNode ttl = json(put("/v2/keys/x", "value=1&ttl=abc").assertStatusCode(400));
    assertThat(ttl.get("errorCode").asInt()).isEqualTo(202);
    assertThat(ttl.get("message").asText()).isEqualTo("The given TTL in POST form is not a number");
    assertThat(ttl.get("cause").asText()).isEqualTo("invalid value for \"ttl\"");
    assertThat(ttl.get("index").asLong()).isZero();
    assertThat(json(put("/v2/keys/x", "value=1&ttl=-5").assertStatusCode(400))
        .get("errorCode").asInt()).isEqualTo(202);
    JsonNode idx = json(put("/v2/keys/x?prevIndex=abc", "value=1").assertStatusCode(400));
    assertThat(idx.get("errorCode").asInt()).isEqualTo(203);
    assertThat(idx.get("message").asText())
        .isEqualTo("The given index in POST form is not a number");
    JsonNode pv = json(put("/v2/keys/x?prevValue=", "value=1").assertStatusCode(400));
    assertThat(pv.get("errorCode").asInt()).isEqualTo(201);
    assertThat(pv.get("message").asText()).isEqualTo("PrevValue is Required in POST form");
    JsonNode field = json(get("/v2/keys/x?recursive=maybe").assertStatusCode(400));
    assertThat(field.get("errorCode").asInt()).isEqualTo(209);
    assertThat(field.get("message").asText()).isEqualTo("Invalid field");
    assertThat(field.get("cause").asText()).isEqualTo("invalid value for \"recursive\"");
    assertThat(json(put("/v2/keys/x?prevExist=perhaps", "value=1")).get("errorCode").asInt())
        .isEqualTo(209);
    assertThat(json(put("/v2/keys/x?wait=true", "value=1")).get("cause").asText())
        .isEqualTo("\"wait\" can only be used with GET requests");
    get("/v2/keys/x").assertStatusCode(404);
  }

  @Test
  void unknownParametersAreIgnoredAsEtcdDoes() {
    put("/v2/keys/u?frobnicate=yes", "value=1&alsoUnknown=2").assertStatusCode(201);
    assertThat(json(get("/v2/keys/u?bogus=1")).get("node").get("value").asText()).isEqualTo("1");
  }

  @Test
  void unsupportedMethodIs405() {
    request("PATCH", "/v2/keys/x", null).assertStatusCode(405);
  }
}
