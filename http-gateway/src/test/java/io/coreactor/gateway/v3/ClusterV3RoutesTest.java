package io.coreactor.gateway.v3;

import io.coreactor.gateway.testing.LocalKvClient;
import io.coreactor.gateway.testing.RouteTestBase;
import org.junit.jupiter.api.Test;

/** /v3/cluster/member/list and /v3/maintenance/status: etcd's camelCase fields, uint64 ids as strings. */
class ClusterV3RoutesTest extends RouteTestBase {

  private final String id = Long.toUnsignedString(LocalKvClient.MEMBER_ID);

  @Test
  void memberList() {
    assertJson(post("/v3/cluster/member/list", "{}"), 200, "{'header':" + header(1) + ",'members':[{'ID':'" + id
        + "','name':'n1','peerURLs':['http://127.0.0.1:2380'],'clientURLs':['http://127.0.0.1:2379']}]}");
    assertError(post("/v3/cluster/member/list", "{'linearizable':true}"), 400, 3,
        "unknown field \"linearizable\" in etcdserverpb.MemberListRequest");
  }

  @Test
  void status() {
    post("/v3/kv/put", "{'key':'" + b64("k") + "','value':'" + b64("v") + "'}");
    assertJson(postRaw("/v3/maintenance/status", ""), 200, "{'header':" + header(2) + ",'version':'3.4.0',"
        + "'dbSize':'4096','leader':'" + id + "','raftIndex':'12','raftTerm':'2','raftAppliedIndex':'12',"
        + "'dbSizeInUse':'4096'}");
  }
}
