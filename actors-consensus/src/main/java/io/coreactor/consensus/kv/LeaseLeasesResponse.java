package io.coreactor.consensus.kv;

import java.util.List;

/** Every live lease id, ascending (etcd's {@code LeaseLeasesResponse}). */
public record LeaseLeasesResponse(ResponseHeader header, List<Long> leases)
    implements KvResponse {

  public LeaseLeasesResponse {
    leases = List.copyOf(leases);
  }
}
