package io.coreactor.gateway.v3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coreactor.consensus.client.LeaseKeepAliveResponse;
import io.coreactor.consensus.kv.Bytes;
import io.coreactor.consensus.kv.KvError;
import io.coreactor.consensus.kv.LeaseGrantRequest;
import io.coreactor.consensus.kv.LeaseGrantResponse;
import io.coreactor.consensus.kv.LeaseLeasesResponse;
import io.coreactor.consensus.kv.LeaseRevokeRequest;
import io.coreactor.consensus.kv.LeaseRevokeResponse;
import io.coreactor.consensus.kv.LeaseTimeToLiveRequest;
import io.coreactor.consensus.kv.LeaseTimeToLiveResponse;
import io.coreactor.consensus.kv.ResponseHeader;
import java.util.Set;

/**
 * etcd's Lease service messages to and from JSON. Their fields are named {@code ID}, {@code TTL}
 * and {@code grantedTTL} in rpc.proto, so that is how they appear on the wire.
 */
public final class LeaseJson {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Set<String> GRANT = Set.of("TTL", "ID");
  private static final Set<String> ID_ONLY = Set.of("ID");
  private static final Set<String> TIME_TO_LIVE = Set.of("ID", "keys");

  private LeaseJson() {
  }

  /** A grant; a negative TTL is refused here (etcd would silently raise it to the minimum). */
  public static LeaseGrantRequest grantRequest(JsonNode body) {
    ProtoReader r = ProtoReader.of(body, "etcdserverpb.LeaseGrantRequest", GRANT);
    long ttl = r.int64("TTL");
    if (ttl < 0) {
      throw V3Error.invalidArgument("lease TTL must not be negative, got " + ttl);
    }
    return new LeaseGrantRequest(ttl, r.int64("ID"));
  }

  public static LeaseRevokeRequest revokeRequest(JsonNode body) {
    return new LeaseRevokeRequest(ProtoReader.of(body, "etcdserverpb.LeaseRevokeRequest", ID_ONLY).int64("ID"));
  }

  /** The lease id of one keep-alive request. */
  public static long keepAliveRequest(JsonNode body) {
    return ProtoReader.of(body, "etcdserverpb.LeaseKeepAliveRequest", ID_ONLY).int64("ID");
  }

  public static LeaseTimeToLiveRequest timeToLiveRequest(JsonNode body) {
    ProtoReader r = ProtoReader.of(body, "etcdserverpb.LeaseTimeToLiveRequest", TIME_TO_LIVE);
    return new LeaseTimeToLiveRequest(r.int64("ID"), r.bool("keys"));
  }

  public static EmptyRequest leasesRequest(JsonNode body) {
    return EmptyRequest.read(body, "etcdserverpb.LeaseLeasesRequest");
  }

  public static ObjectNode grantResponse(LeaseGrantResponse r) {
    return KvJson.withHeader(r.header()).int64("ID", r.id()).int64("TTL", r.ttl()).node();
  }

  public static ObjectNode revokeResponse(LeaseRevokeResponse r) {
    return KvJson.withHeader(r.header()).node();
  }

  /** A keep-alive answer; TTL 0 (left out) says the lease was not found, as etcd answers. */
  public static ObjectNode keepAliveResponse(LeaseKeepAliveResponse r) {
    return KvJson.withHeader(r.header()).int64("ID", r.id()).int64("TTL", r.ttl()).node();
  }

  /**
   * etcd answers a keep-alive of a lease it does not know with TTL 0, not an error: this is that
   * answer for a LEASE_NOT_FOUND failure; any other failure is rethrown.
   */
  public static LeaseKeepAliveResponse keepAliveOfUnknownLease(Throwable failure, long id, long clusterId,
                                                               long memberId) {
    V3Error e = V3Errors.classify(failure);
    if (e.code().number() != KvError.LEASE_NOT_FOUND.code().number()
        || !e.getMessage().equals(KvError.LEASE_NOT_FOUND.message())) {
      throw e;
    }
    return new LeaseKeepAliveResponse(new ResponseHeader(clusterId, memberId, 0, 0), id, 0);
  }

  public static ObjectNode timeToLiveResponse(LeaseTimeToLiveResponse r) {
    ArrayNode keys = NODES.arrayNode();
    for (Bytes k : r.keys()) {
      keys.add(ProtoWriter.base64(k));
    }
    return KvJson.withHeader(r.header())
        .int64("ID", r.id())
        .int64("TTL", r.ttl())
        .int64("grantedTTL", r.grantedTtl())
        .repeated("keys", keys)
        .node();
  }

  public static ObjectNode leasesResponse(LeaseLeasesResponse r) {
    ArrayNode leases = NODES.arrayNode();
    for (long id : r.leases()) {
      leases.add(ProtoWriter.on(NODES.objectNode()).int64("ID", id).node());
    }
    return KvJson.withHeader(r.header()).repeated("leases", leases).node();
  }
}
