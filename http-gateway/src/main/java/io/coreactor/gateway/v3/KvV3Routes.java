package io.coreactor.gateway.v3;

import io.coreactor.consensus.client.KvClient;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/** etcd's KV service under {@code /v3/kv}: range, put, deleterange, txn, compaction. */
public final class KvV3Routes extends AllDirectives {

  private final KvClient kv;
  private final V3Replies replies;

  public KvV3Routes(KvClient kv, V3Replies replies) {
    this.kv = kv;
    this.replies = replies;
  }

  public Route route() {
    return pathPrefix("kv", () -> concat(
        path("range", () -> replies.unary(KvJson::rangeRequest, kv::range, KvJson::rangeResponse)),
        path("put", () -> replies.unary(KvJson::putRequest, kv::put, KvJson::putResponse)),
        path("deleterange", () ->
            replies.unary(KvJson::deleteRangeRequest, kv::delete, KvJson::deleteRangeResponse)),
        path("txn", () -> replies.unary(KvJson::txnRequest, kv::txn, KvJson::txnResponse)),
        path("compaction", () ->
            replies.unary(KvJson::compactionRequest, kv::compact, KvJson::compactionResponse))));
  }
}
