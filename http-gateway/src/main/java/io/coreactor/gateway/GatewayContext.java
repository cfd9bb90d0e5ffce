package io.coreactor.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.coreactor.consensus.client.KvClient;
import io.coreactor.consensus.server.ClusterView;

/**
 * What every route family is built from: the store, the cluster, the settings, the shared
 * mapper, and the open response streams (watches), which end when the node stops.
 */
public record GatewayContext(KvClient kv, ClusterView cluster, GatewaySettings settings, ObjectMapper json,
                             ClientStreams streams) {

  public GatewayContext(KvClient kv, ClusterView cluster, GatewaySettings settings, ObjectMapper json) {
    this(kv, cluster, settings, json, new ClientStreams());
  }
}
