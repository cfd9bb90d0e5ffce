package io.coreactor.consensus.client;

import io.coreactor.consensus.kv.Bytes;
import io.coreactor.consensus.kv.CompactionRequest;
import io.coreactor.consensus.kv.CompactionResponse;
import io.coreactor.consensus.kv.DeleteRangeRequest;
import io.coreactor.consensus.kv.DeleteRangeResponse;
import io.coreactor.consensus.kv.KeyValue;
import io.coreactor.consensus.kv.LeaseGrantRequest;
import io.coreactor.consensus.kv.LeaseGrantResponse;
import io.coreactor.consensus.kv.LeaseLeasesResponse;
import io.coreactor.consensus.kv.LeaseRevokeRequest;
import io.coreactor.consensus.kv.LeaseRevokeResponse;
import io.coreactor.consensus.kv.LeaseTimeToLiveRequest;
import io.coreactor.consensus.kv.LeaseTimeToLiveResponse;
import io.coreactor.consensus.kv.PutRequest;
import io.coreactor.consensus.kv.PutResponse;
import io.coreactor.consensus.kv.RangeRequest;
import io.coreactor.consensus.kv.RangeResponse;
import io.coreactor.consensus.kv.TxnRequest;
import io.coreactor.consensus.kv.TxnResponse;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The Java API of the etcd-compatible store, as etcd's clientv3 KV, Lease and Watch. Every
 * call may go to any member: writes are forwarded to the leader, reads are linearizable
 * (ReadIndex) unless the request asks for a serializable one. A stage that fails carries a
 * {@link io.coreactor.consensus.kv.KvException} with etcd's code and message (for example
 * {@code TIMEOUT} when a write's outcome is unknown).
 */
public interface KvClient {

  CompletionStage<RangeResponse> range(RangeRequest request);

  CompletionStage<PutResponse> put(PutRequest request);

  CompletionStage<DeleteRangeResponse> delete(DeleteRangeRequest request);

  CompletionStage<TxnResponse> txn(TxnRequest request);

  CompletionStage<CompactionResponse> compact(CompactionRequest request);

  CompletionStage<LeaseGrantResponse> leaseGrant(LeaseGrantRequest request);

  CompletionStage<LeaseRevokeResponse> leaseRevoke(LeaseRevokeRequest request);

  /** Renews a lease for its granted TTL; answers the TTL, or fails with LEASE_NOT_FOUND. */
  CompletionStage<LeaseKeepAliveResponse> leaseKeepAlive(long leaseId);

  CompletionStage<LeaseTimeToLiveResponse> leaseTimeToLive(LeaseTimeToLiveRequest request);

  CompletionStage<LeaseLeasesResponse> leases();

  /**
   * Watches a key or range from a revision (0 = from now). Events arrive in revision order
   * with no gaps, a revision never split across two responses; a start below the compacted
   * revision ends the watch with {@link WatchResponse#compactRevision()} set.
   */
  Watch watch(WatchRequest request, WatchListener listener);

  /** The latest version of one key, if it exists. */
  default CompletionStage<Optional<KeyValue>> get(String key) {
    return range(RangeRequest.key(Bytes.of(key)))
        .thenApply(r -> r.kvs().isEmpty() ? Optional.empty() : Optional.of(r.kvs().get(0)));
  }

  /** Writes one key. */
  default CompletionStage<PutResponse> put(String key, String value) {
    return put(PutRequest.of(Bytes.of(key), Bytes.of(value)));
  }

  /** Deletes one key. */
  default CompletionStage<DeleteRangeResponse> delete(String key) {
    return delete(DeleteRangeRequest.key(Bytes.of(key)));
  }
}
