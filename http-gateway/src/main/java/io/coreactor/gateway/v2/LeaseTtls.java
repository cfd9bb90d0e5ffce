package io.coreactor.gateway.v2;

import io.coreactor.consensus.client.KvClient;
import io.coreactor.consensus.kv.LeaseTimeToLiveRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The TTL etcd 2 shows on a node, from the node's v3 lease: the remaining seconds the leader
 * reports and the expiration time they give from now.
 */
final class LeaseTtls {

  private final KvClient kv;
  private final Clock clock;

  LeaseTtls(KvClient kv, Clock clock) {
    this.kv = kv;
    this.clock = clock;
  }

  /** A just-granted TTL, as the write that granted it answers. */
  NodeTree.Ttl fresh(long ttlSeconds) {
    return of(ttlSeconds);
  }

  private NodeTree.Ttl of(long remaining) {
    Instant at = clock.instant().plusSeconds(remaining);
    return new NodeTree.Ttl(DateTimeFormatter.ISO_INSTANT.format(at), remaining);
  }

  /** The TTLs of these leases; a lease that no longer exists is left out. */
  CompletionStage<Map<Long, NodeTree.Ttl>> lookup(Collection<Long> leases) {
    Map<Long, NodeTree.Ttl> out = new ConcurrentHashMap<>();
    List<CompletableFuture<?>> all = new ArrayList<>();
    for (long id : leases) {
      all.add(kv.leaseTimeToLive(new LeaseTimeToLiveRequest(id, false))
          .thenAccept(r -> {
            if (r.ttl() >= 0) {
              out.put(id, of(Math.max(r.ttl(), 1)));
            }
          })
          .toCompletableFuture());
    }
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(v -> out);
  }
}
