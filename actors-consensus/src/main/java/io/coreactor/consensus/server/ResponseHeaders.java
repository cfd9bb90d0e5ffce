package io.coreactor.consensus.server;

import io.coreactor.consensus.kv.CompactionResponse;
import io.coreactor.consensus.kv.DeleteRangeResponse;
import io.coreactor.consensus.kv.KvResponse;
import io.coreactor.consensus.kv.LeaseGrantResponse;
import io.coreactor.consensus.kv.LeaseLeasesResponse;
import io.coreactor.consensus.kv.LeaseRevokeResponse;
import io.coreactor.consensus.kv.LeaseTimeToLiveResponse;
import io.coreactor.consensus.kv.PutResponse;
import io.coreactor.consensus.kv.RangeResponse;
import io.coreactor.consensus.kv.ResponseHeader;
import io.coreactor.consensus.kv.TxnResponse;

/** Replaces the header of a state machine response with the member's (as etcd's server fills it in). */
final class ResponseHeaders {

  private ResponseHeaders() {}

  /** The same response with {@code header}; a txn's inner responses keep theirs. */
  static KvResponse with(KvResponse response, ResponseHeader header) {
    if (response instanceof RangeResponse r) {
      return new RangeResponse(header, r.kvs(), r.more(), r.count());
    } else if (response instanceof PutResponse p) {
      return new PutResponse(header, p.prevKv());
    } else if (response instanceof DeleteRangeResponse d) {
      return new DeleteRangeResponse(header, d.deleted(), d.prevKvs());
    } else if (response instanceof TxnResponse t) {
      return new TxnResponse(header, t.succeeded(), t.responses());
    } else if (response instanceof CompactionResponse) {
      return new CompactionResponse(header);
    } else if (response instanceof LeaseGrantResponse g) {
      return new LeaseGrantResponse(header, g.id(), g.ttl());
    } else if (response instanceof LeaseRevokeResponse) {
      return new LeaseRevokeResponse(header);
    } else if (response instanceof LeaseTimeToLiveResponse t) {
      return new LeaseTimeToLiveResponse(header, t.id(), t.ttl(), t.grantedTtl(), t.keys());
    } else if (response instanceof LeaseLeasesResponse l) {
      return new LeaseLeasesResponse(header, l.leases());
    }
    throw new IllegalArgumentException("unknown response " + response.getClass());
  }
}
