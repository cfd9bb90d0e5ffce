package io.coreactor.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.coreactor.consensus.client.KvClient;
import io.coreactor.consensus.server.ClusterView;

/** What every route family is built from: the store, the cluster, the settings and the shared mapper. */
public record GatewayContext(KvClient kv, ClusterView cluster, GatewaySettings settings, ObjectMapper json) {}
