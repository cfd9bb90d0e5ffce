package io.coreactor.consensus.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.coreactor.consensus.raft.ConfState;
import io.coreactor.consensus.raft.RaftConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The settings of one Raft node, read from {@code coreactor.consensus} (see reference.conf
 * for what each means and its default).
 */
public record NodeSettings(long nodeId, String group, Path dataDir, String host, int port,
                           SortedMap<Long, String> initialCluster, boolean joinExisting,
                           Duration tickInterval, int electionTicks, int heartbeatTicks,
                           long maxSizePerMessage, int maxInflight, long snapshotCount,
                           int snapshotChunkSize, Duration requestTimeout) {

  /** Config path of the dispatcher that runs storage writes. */
  public static final String STORAGE_DISPATCHER = "coreactor.consensus.storage-dispatcher";

  /** Config path of the dispatcher that runs the state machine. */
  public static final String STATE_MACHINE_DISPATCHER = "coreactor.consensus.state-machine-dispatcher";

  public NodeSettings {
    initialCluster = Collections.unmodifiableSortedMap(new TreeMap<>(initialCluster));
    if (snapshotCount <= 0) {
      throw new IllegalArgumentException("snapshot-count must be positive, got " + snapshotCount);
    }
  }

  /** Reads the {@code coreactor.consensus} section of a whole configuration. */
  public static NodeSettings fromConfig(Config root) {
    Config c = root.getConfig("coreactor.consensus");
    long id = c.getLong("node-id");
    String host = c.getString("host");
    int port = c.getInt("port");
    TreeMap<Long, String> cluster = new TreeMap<>();
    c.getConfig("initial-cluster").root().unwrapped()
        .forEach((k, v) -> cluster.put(Long.parseLong(k), String.valueOf(v)));
    if (cluster.isEmpty()) {
      cluster.put(id, host + ":" + port);
    }
    return new NodeSettings(id, c.getString("group"), Path.of(c.getString("data-dir")), host, port, cluster,
        c.getBoolean("join-existing"), c.getDuration("tick-interval"), c.getInt("election-ticks"),
        c.getInt("heartbeat-ticks"), c.getBytes("max-size-per-message"), c.getInt("max-inflight"),
        c.getLong("snapshot-count"), c.getBytes("snapshot-chunk-size").intValue(),
        c.getDuration("request-timeout"));
  }

  /** The Raft core's tunables for this node. */
  public RaftConfig raftConfig() {
    return RaftConfig.defaults(nodeId).withTicks(electionTicks, heartbeatTicks)
        .withLimits(maxSizePerMessage, maxInflight, snapshotChunkSize);
  }

  /** The configuration a brand-new data directory is bootstrapped with. */
  public ConfState initialConfState() {
    return joinExisting ? ConfState.EMPTY : ConfState.ofVoters(initialCluster.keySet());
  }

  /**
   * The Pekko settings that make this node a cluster member at host:port, joining through
   * the initial cluster as seed nodes, with no downing. Layer it over the loaded config:
   * {@code settings.clusterConfig(name).withFallback(config)}.
   */
  public Config clusterConfig(String systemName) {
    List<String> seeds = initialCluster.values().stream()
        .map(address -> "pekko://" + systemName + "@" + address)
        .toList();
    return ConfigFactory.parseMap(Map.of(
        "pekko.actor.provider", "cluster",
        "pekko.remote.artery.transport", "tcp",
        "pekko.remote.artery.canonical.hostname", host,
        "pekko.remote.artery.canonical.port", port,
        "pekko.cluster.seed-nodes", seeds,
        "pekko.cluster.downing-provider-class", ""));
  }
}
