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

  /** Built once, not per request (the javadsl calls a directive's inner supplier per request). */
  public Route route() {
    Route range = replies.unary(KvJson::rangeRequest, kv::range, KvJson::rangeResponse);
    Route put = replies.unary(KvJson::putRequest, kv::put, KvJson::putResponse);
    Route deleteRange = replies.unary(KvJson::deleteRangeRequest, kv::delete, KvJson::deleteRangeResponse);
    Route txn = replies.unary(KvJson::txnRequest, kv::txn, KvJson::txnResponse);
    Route compaction = replies.unary(KvJson::compactionRequest, kv::compact, KvJson::compactionResponse);
    Route all = concat(
        path("range", () -> range),
        path("put", () -> put),
        path("deleterange", () -> deleteRange),
        path("txn", () -> txn),
        path("compaction", () -> compaction));
    return pathPrefix("kv", () -> all);
  }
}
