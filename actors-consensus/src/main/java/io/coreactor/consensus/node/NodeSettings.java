package io.coreactor.consensus.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.coreactor.consensus.raft.ConfState;
import io.coreactor.consensus.raft.RaftConfig;
import io.coreactor.consensus.server.MemberIds;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The settings of one Raft node, read from {@code coreactor.consensus} (see reference.conf
 * for what each means and its default). Members are named as in etcd: {@code initialClusterUrls}
 * maps each founding member's name to its peer URL, and ids are derived from the cluster token
 * and the peer URL ({@link MemberIds}) unless this node's id is given explicitly.
 */
public record NodeSettings(long nodeId, String name, String group, Path dataDir, String host, int port,
                           SortedMap<String, String> initialClusterUrls, String clusterToken,
                           boolean joinExisting, List<String> clientUrls,
                           Duration tickInterval, int electionTicks, int heartbeatTicks,
                           long maxSizePerMessage, int maxInflight, long snapshotCount,
                           int snapshotChunkSize, Duration requestTimeout) {

  /** Config path of the dispatcher that runs storage writes. */
  public static final String STORAGE_DISPATCHER = "coreactor.consensus.storage-dispatcher";

  /** Config path of the dispatcher that encodes state machine snapshots. */
  public static final String SNAPSHOT_DISPATCHER = "coreactor.consensus.snapshot-dispatcher";

  /** Config path of the dispatcher that runs the state machine. */
  public static final String STATE_MACHINE_DISPATCHER = "coreactor.consensus.state-machine-dispatcher";

  private static final int DEFAULT_PEER_PORT = 2380;

  public NodeSettings {
    initialClusterUrls = Collections.unmodifiableSortedMap(new TreeMap<>(initialClusterUrls));
    clientUrls = List.copyOf(clientUrls);
    if (snapshotCount <= 0) {
      throw new IllegalArgumentException("snapshot-count must be positive, got " + snapshotCount);
    }
    if (!initialClusterUrls.containsKey(name)) {
      throw new IllegalArgumentException("member name '" + name + "' is not in initial-cluster " + initialClusterUrls);
    }
  }

  /** Reads the {@code coreactor.consensus} section of a whole configuration. */
  public static NodeSettings fromConfig(Config root) {
    Config c = root.getConfig("coreactor.consensus");
    String name = c.getString("name");
    TreeMap<String, String> cluster = new TreeMap<>();
    c.getConfig("initial-cluster").root().unwrapped().forEach((k, v) -> cluster.put(k, String.valueOf(v)));
    if (cluster.isEmpty()) {
      cluster.put(name, c.getString("peer-url"));   // a one-member cluster of this node alone
    }
    String ownUrl = cluster.get(name);
    if (ownUrl == null) {
      throw new IllegalArgumentException("coreactor.consensus.name '" + name + "' is not in initial-cluster " + cluster);
    }
    String token = c.getString("initial-cluster-token");
    long explicitId = c.getLong("node-id");
    long id = explicitId != 0 ? explicitId : MemberIds.fromPeerUrl(token, ownUrl);
    String state = c.getString("initial-cluster-state");
    if (!state.equals("new") && !state.equals("existing")) {
      throw new IllegalArgumentException("initial-cluster-state must be new or existing, got " + state);
    }
    return new NodeSettings(id, name, c.getString("group"), Path.of(c.getString("data-dir")), hostOf(ownUrl),
        portOf(ownUrl), cluster, token, state.equals("existing"), c.getStringList("client-urls"),
        c.getDuration("tick-interval"), c.getInt("election-ticks"),
        c.getInt("heartbeat-ticks"), c.getBytes("max-size-per-message"), c.getInt("max-inflight"),
        c.getLong("snapshot-count"), c.getBytes("snapshot-chunk-size").intValue(),
        c.getDuration("request-timeout"));
  }

  /** This member's own peer URL. */
  public String peerUrl() {
    return initialClusterUrls.get(name);
  }

  /**
   * The founding members by id (derived from their peer URLs; this node's own may be explicit),
   * each with its peer URL.
   */
  public SortedMap<Long, String> initialCluster() {
    TreeMap<Long, String> byId = new TreeMap<>();
    initialClusterUrls.forEach((member, url) ->
        byId.put(member.equals(name) ? nodeId : MemberIds.fromPeerUrl(clusterToken, url), url));
    return Collections.unmodifiableSortedMap(byId);
  }

  /** The founding members' names by id, as {@link #initialCluster()} numbers them. */
  public SortedMap<Long, String> initialNames() {
    TreeMap<Long, String> byId = new TreeMap<>();
    initialClusterUrls.forEach((member, url) ->
        byId.put(member.equals(name) ? nodeId : MemberIds.fromPeerUrl(clusterToken, url), member));
    return Collections.unmodifiableSortedMap(byId);
  }

  /** The Raft core's tunables for this node. */
  public RaftConfig raftConfig() {
    return RaftConfig.defaults(nodeId).withTicks(electionTicks, heartbeatTicks)
        .withLimits(maxSizePerMessage, maxInflight, snapshotChunkSize);
  }

  /** The configuration a brand-new data directory is bootstrapped with. */
  public ConfState initialConfState() {
    return joinExisting ? ConfState.EMPTY : ConfState.ofVoters(initialCluster().keySet());
  }

  /**
   * The Pekko settings that make this node a cluster member at the host and port of its peer
   * URL, joining through the initial cluster (in name order) as seed nodes, with no downing and quick join retries. A
   * joining member never lists itself: it must not form a cluster of its own. Layer it over
   * the loaded config: {@code settings.clusterConfig(name).withFallback(config)}.
   */
  public Config clusterConfig(String systemName) {
    List<String> seeds = initialClusterUrls.entrySet().stream()
        .filter(e -> !(joinExisting && e.getKey().equals(name)))
        .map(e -> "pekko://" + systemName + "@" + hostOf(e.getValue()) + ":" + portOf(e.getValue()))
        .toList();
    return ConfigFactory.parseMap(Map.of(
        "pekko.actor.provider", "cluster",
        "pekko.remote.artery.transport", "tcp",
        "pekko.remote.artery.canonical.hostname", host,
        "pekko.remote.artery.canonical.port", port,
        "pekko.cluster.seed-nodes", seeds,
        "pekko.cluster.downing-provider-class", "",
        // A restarted member's first join only makes the others drop its old incarnation; the
        // join itself is retried after this. Pekko's 10 s default kept a restarted member out of
        // the receptionist, so out of Raft's reach, that long: losing the leader in that window
        // left two live members of three without a quorum (found by the multi-jvm fault tests).
        // Set here, not in reference.conf, where pekko-cluster's own reference.conf wins.
        "pekko.cluster.retry-unsuccessful-join-after", "1s",
        // Raft messages (AppendEntries up to max-size-per-message, or one entry as large as a
        // request; snapshot chunks) exceed Artery's 256 KiB frame: they went to the discarded
        // "oversized payload" log forever and a follower that fell behind never caught up. They
        // take Artery's large-message channel, with a frame sized from the limits.
        "pekko.remote.artery.large-message-destinations", List.of("/system/*/raft"),
        "pekko.remote.artery.advanced.maximum-large-frame-size", raftFrameBytes() + "b"));
  }

  /** The largest Artery frame a Raft message may need: twice the larger of its limits, plus 2 MiB for one big entry. */
  public long raftFrameBytes() {
    return Math.max(4L << 20, 2L * Math.max(maxSizePerMessage, snapshotChunkSize) + (2L << 20));
  }

  /** The host of a peer URL such as {@code http://10.0.0.1:2380}. */
  public static String hostOf(String peerUrl) {
    String host = uri(peerUrl).getHost();
    if (host == null) {
      throw new IllegalArgumentException("peer URL without a host: " + peerUrl);
    }
    return host;
  }

  /** The port of a peer URL; 2380 (etcd's peer port) when it names none. */
  public static int portOf(String peerUrl) {
    int port = uri(peerUrl).getPort();
    return port < 0 ? DEFAULT_PEER_PORT : port;
  }

  private static URI uri(String url) {
    try {
      return URI.create(url.contains("://") ? url : "http://" + url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a peer URL: " + url, e);
    }
  }
}
