package io.coreactor.consensus.server;

import com.typesafe.config.Config;
import io.coreactor.consensus.kv.KvConfig;
import java.time.Duration;

/**
 * The settings of the KV server, read from {@code coreactor.kv} (see reference.conf for what
 * each means and its default).
 */
public record KvSettings(int maxRequestBytes, int maxTxnOps, Duration minLeaseTtl,
                         Duration progressNotifyInterval, int watchBuffer, int watchReplayBatch,
                         long autoCompactionRetention, Duration autoCompactionInterval,
                         Duration statusInterval, Duration publishRetry,
                         AutoCompaction.Mode autoCompactionMode, Duration autoCompactionPeriod) {

  /** Config path of the dispatcher that completes client calls and runs watch listeners. */
  public static final String CLIENT_DISPATCHER = "coreactor.kv.client-dispatcher";

  /** The version this server reports, the etcd release whose API it follows. */
  public static final String VERSION = "3.4.0";

  public KvSettings {
    if (watchBuffer <= 0 || watchReplayBatch <= 0 || autoCompactionRetention < 0) {
      throw new IllegalArgumentException("watch-buffer and watch-replay-batch must be positive,"
          + " auto-compaction-retention not negative");
    }
  }

  /** Reads the {@code coreactor.kv} section of a whole configuration. */
  public static KvSettings fromConfig(Config root) {
    Config c = root.getConfig("coreactor.kv");
    String mode = c.getString("auto-compaction-mode");
    boolean periodic = switch (mode) {
      case "revision" -> false;
      case "periodic" -> true;
      default -> throw new IllegalArgumentException(
          "coreactor.kv.auto-compaction-mode must be revision or periodic, not " + mode);
    };
    // As etcd's --auto-compaction-retention: a count of revisions, or a duration in periodic mode.
    long revisions = periodic ? 0 : c.getLong("auto-compaction-retention");
    Duration period = periodic ? c.getDuration("auto-compaction-retention") : Duration.ZERO;
    return new KvSettings(c.getBytes("max-request-bytes").intValue(), c.getInt("max-txn-ops"),
        c.getDuration("min-lease-ttl"), c.getDuration("progress-notify-interval"), c.getInt("watch-buffer"),
        c.getInt("watch-replay-batch"), revisions,
        c.getDuration("auto-compaction-interval"), c.getDuration("status-interval"), c.getDuration("publish-retry"),
        periodic ? AutoCompaction.Mode.PERIODIC : AutoCompaction.Mode.REVISION, period);
  }

  /** A fresh auto-compaction policy from these settings. */
  AutoCompaction autoCompaction() {
    return new AutoCompaction(autoCompactionMode, autoCompactionRetention, autoCompactionPeriod);
  }

  /** The store's limits, which every member must share. */
  public KvConfig kvConfig() {
    return new KvConfig(maxRequestBytes, maxTxnOps, minLeaseTtl.toSeconds());
  }
}
