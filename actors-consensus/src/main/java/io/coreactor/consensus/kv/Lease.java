package io.coreactor.consensus.kv;

import java.util.List;

/** A lease as the replicated state knows it: its id, granted TTL and attached keys in order. */
public record Lease(long id, long grantedTtl, List<Bytes> keys) {

  public Lease {
    keys = List.copyOf(keys);
  }
}
