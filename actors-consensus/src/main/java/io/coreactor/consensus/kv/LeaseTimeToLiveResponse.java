package io.coreactor.consensus.kv;

import java.util.List;

/**
 * What is known of a lease (etcd's {@code LeaseTimeToLiveResponse}). The state machine has no
 * clock: it answers {@code ttl} = {@code grantedTtl} and the leader's shell, which runs the
 * expiry timers, replaces it with the remaining seconds. A missing lease has ttl -1, as in etcd.
 */
public record LeaseTimeToLiveResponse(
    ResponseHeader header, long id, long ttl, long grantedTtl, List<Bytes> keys)
    implements KvResponse {

  public LeaseTimeToLiveResponse {
    keys = List.copyOf(keys);
  }

  public LeaseTimeToLiveResponse withTtl(long ttl) {
    return new LeaseTimeToLiveResponse(header, id, ttl, grantedTtl, keys);
  }
}
