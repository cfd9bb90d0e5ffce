package io.coreactor.gateway.v3;

import static org.assertj.core.api.Assertions.assertThat;

import io.coreactor.gateway.testing.RouteTestBase;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.junit.jupiter.api.Test;

/** The JSON etcd 3.4's gateway speaks for /v3/kv/*: request fields in, response shapes out. */
class KvV3RoutesTest extends RouteTestBase {

  private final String foo = b64("foo");
  private final String bar = b64("bar");

  @Test
  void putAnswersTheHeaderOnly() {
    TestRouteResult r = post("/v3/kv/put", "{'key':'" + foo + "','value':'" + bar + "'}");
    assertJson(r, 200, "{'header':" + header(2) + "}");
    r.assertContentType(ContentTypes.APPLICATION_JSON);
  }

  @Test
  void rangeReturnsKeyValuesWithInt64AsStringsAndBytesAsBase64() {
    post("/v3/kv/put", "{'key':'" + foo + "','value':'" + bar + "'}");
    assertJson(post("/v3/kv/range", "{'key':'" + foo + "'}"), 200, "{'header':" + header(2)
        + ",'kvs':[{'key':'" + foo + "','create_revision':'2','mod_revision':'2','version':'1','value':'"
        + bar + "'}],'count':'1'}");
  }

  @Test
  void rangeOfAMissingKeyLeavesOutEveryZeroValue() {
    assertJson(post("/v3/kv/range", "{'key':'" + foo + "'}"), 200, "{'header':" + header(1) + "}");
  }

  @Test
  void putWithPrevKvReturnsThePreviousVersion() {
    post("/v3/kv/put", "{'key':'" + foo + "','value':'" + bar + "'}");
    assertJson(post("/v3/kv/put", "{'key':'" + foo + "','value':'" + b64("baz") + "','prev_kv':true}"), 200,
        "{'header':" + header(3) + ",'prev_kv':{'key':'" + foo
            + "','create_revision':'2','mod_revision':'2','version':'1','value':'" + bar + "'}}");
  }

  @Test
  void rangeOptionsByProtoNameOrJsonNameEnumsByNameOrNumberAndInt64AsStringOrNumber() {
    for (String k : new String[] {"a", "b", "c"}) {
      post("/v3/kv/put", "{'key':'" + b64(k) + "','value':'" + b64(k) + "'}");
    }
    String byName = "{'key':'" + b64("a") + "','range_end':'" + b64("d")
        + "','limit':'2','sort_order':'DESCEND','sort_target':'KEY','keys_only':true}";
    String byNumber = "{'key':'" + b64("a") + "','rangeEnd':'" + b64("d")
        + "','limit':2,'sortOrder':2,'sortTarget':0,'keysOnly':true}";
    String expected = "{'header':" + header(4) + ",'kvs':["
        + "{'key':'" + b64("c") + "','create_revision':'4','mod_revision':'4','version':'1'},"
        + "{'key':'" + b64("b") + "','create_revision':'3','mod_revision':'3','version':'1'}],"
        + "'more':true,'count':'3'}";
    assertJson(post("/v3/kv/range", byName), 200, expected);
    assertJson(post("/v3/kv/range", byNumber), 200, expected);
  }

  @Test
  void countOnlyAnswersTheCount() {
    post("/v3/kv/put", "{'key':'" + b64("a") + "','value':'" + bar + "'}");
    post("/v3/kv/put", "{'key':'" + b64("b") + "','value':'" + bar + "'}");
    assertJson(post("/v3/kv/range", "{'key':'" + b64("a") + "','range_end':'" + b64("c") + "','count_only':true}"),
        200, "{'header':" + header(3) + ",'count':'2'}");
  }

  @Test
  void deleteRangeReportsDeletedCountAndPrevKvs() {
    post("/v3/kv/put", "{'key':'" + b64("a") + "','value':'" + bar + "'}");
    post("/v3/kv/put", "{'key':'" + b64("b") + "','value':'" + bar + "'}");
    assertJson(post("/v3/kv/deleterange", "{'key':'" + b64("a") + "','range_end':'" + b64("c")
        + "','prev_kv':true}"), 200, "{'header':" + header(4) + ",'deleted':'2','prev_kvs':["
        + "{'key':'" + b64("a") + "','create_revision':'2','mod_revision':'2','version':'1','value':'" + bar + "'},"
        + "{'key':'" + b64("b") + "','create_revision':'3','mod_revision':'3','version':'1','value':'" + bar + "'}]}");
    assertJson(post("/v3/kv/deleterange", "{'key':'" + b64("a") + "'}"), 200, "{'header':" + header(4) + "}");
  }

  @Test
  void txnRunsTheSuccessBranchWithNestedResponsesCarryingOnlyTheirRevision() {
    post("/v3/kv/put", "{'key':'" + foo + "','value':'" + bar + "'}");
    String txn = "{'compare':[{'key':'" + foo + "','result':'EQUAL','target':'VALUE','value':'" + bar + "'}],"
        + "'success':[{'request_put':{'key':'" + foo + "','value':'" + b64("new") + "'}},"
        + "{'request_range':{'key':'" + foo + "'}}],"
        + "'failure':[{'request_delete_range':{'key':'" + foo + "'}}]}";
    assertJson(post("/v3/kv/txn", txn), 200, "{'header':" + header(3) + ",'succeeded':true,'responses':["
        + "{'response_put':{'header':{'revision':'3'}}},"
        + "{'response_range':{'header':{'revision':'3'},'kvs':[{'key':'" + foo
        + "','create_revision':'2','mod_revision':'3','version':'2','value':'" + b64("new") + "'}],'count':'1'}}]}");
  }

  @Test
  void txnRunsTheFailureBranchWhenACompareFails() {
    String txn = "{'compare':[{'key':'" + foo + "','result':'GREATER','target':'VERSION','version':'0'}],"
        + "'success':[{'request_delete_range':{'key':'" + foo + "'}}],"
        + "'failure':[{'request_put':{'key':'" + foo + "','value':'" + bar + "'}},"
        + "{'request_txn':{'success':[{'request_range':{'key':'" + foo + "','count_only':true}}]}}]}";
    assertJson(post("/v3/kv/txn", txn), 200, "{'header':" + header(2) + ",'responses':["
        + "{'response_put':{'header':{'revision':'2'}}},"
        + "{'response_txn':{'header':{'revision':'2'},'succeeded':true,'responses':["
        + "{'response_range':{'header':{'revision':'2'},'count':'1'}}]}}]}");
  }

  @Test
  void compareTargetsReadTheirOwnField() {
    post("/v3/kv/put", "{'key':'" + foo + "','value':'" + bar + "'}");
    String txn = "{'compare':[{'key':'" + foo + "','target':'MOD','mod_revision':'2'},"
        + "{'key':'" + foo + "','target':'CREATE','result':'LESS','create_revision':3}],"
        + "'success':[{'request_range':{'key':'" + foo + "','count_only':true}}]}";
    assertThat(json(post("/v3/kv/txn", txn)).path("succeeded").asBoolean()).isTrue();
  }

  @Test
  void compactionAnswersAHeaderAndThenOldRevisionsAreGone() {
    post("/v3/kv/put", "{'key':'" + foo + "','value':'" + b64("1") + "'}");
    post("/v3/kv/put", "{'key':'" + foo + "','value':'" + b64("2") + "'}");
    post("/v3/kv/put", "{'key':'" + foo + "','value':'" + b64("3") + "'}");
    assertJson(post("/v3/kv/compaction", "{'revision':'3','physical':true}"), 200, "{'header':" + header(4) + "}");
    assertError(post("/v3/kv/range", "{'key':'" + foo + "','revision':'2'}"), 400, 11,
        "etcdserver: mvcc: required revision has been compacted");
    assertError(post("/v3/kv/compaction", "{'revision':'3'}"), 400, 11,
        "etcdserver: mvcc: required revision has been compacted");
    assertError(post("/v3/kv/compaction", "{'revision':'99'}"), 400, 11,
        "etcdserver: mvcc: required revision is a future revision");
    assertThat(json(post("/v3/kv/range", "{'key':'" + foo + "','revision':'3'}")).path("kvs").get(0)
        .path("value").asText()).isEqualTo(b64("2"));
  }

  @Test
  void putWithALeaseShowsItOnTheKey() {
    String id = json(post("/v3/lease/grant", "{'TTL':'60'}")).path("ID").asText();
    post("/v3/kv/put", "{'key':'" + foo + "','value':'" + bar + "','lease':'" + id + "'}");
    assertThat(json(post("/v3/kv/range", "{'key':'" + foo + "'}")).path("kvs").get(0).path("lease").asText())
        .isEqualTo(id);
  }
}
