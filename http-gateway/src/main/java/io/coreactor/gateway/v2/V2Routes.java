package io.coreactor.gateway.v2;

import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.coreactor.consensus.client.KvClient;
import io.coreactor.consensus.server.ClusterView;
import java.time.Clock;
import java.time.Duration;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * etcd 2's HTTP API ({@code /v2/keys}, {@code /v2/members}, {@code /v2/machines},
 * {@code /v2/stats}) served as a
 * mapping onto the v3 store, composed into the gateway's route.
 */
public final class V2Routes {

  private final KeysV2Routes keys;
  private final MembersV2Routes members;
  private final StatsV2Routes stats;

  /** How often an idle long poll writes a newline, to find clients that hung up. */
  static final Duration HEARTBEAT = Duration.ofSeconds(5);

  public V2Routes(KvClient kv, ClusterView cluster, ObjectMapper mapper, Duration requestTimeout) {
    this(kv, cluster, mapper, requestTimeout, Clock.systemUTC(), HEARTBEAT);
  }

  V2Routes(KvClient kv, ClusterView cluster, ObjectMapper mapper, Duration requestTimeout,
           Clock clock, Duration heartbeat) {
    StoreStats storeStats = new StoreStats();
    V2Http http = new V2Http(mapper, cluster.clusterId());
    this.keys = new KeysV2Routes(new KeysService(kv, requestTimeout, storeStats, clock),
        new KeyWatcher(kv, cluster, http, storeStats, heartbeat), cluster, http);
    this.members = new MembersV2Routes(new MembersService(cluster), mapper, http);
    this.stats = new StatsV2Routes(cluster, storeStats, http, clock);
  }

  /** Built once: the javadsl calls pathPrefix's inner supplier on every request it matches. */
  public Route route() {
    Route families = concat(keys.route(), members.route(), members.machines(), stats.route());
    return pathPrefix("v2", () -> families);
  }
}
