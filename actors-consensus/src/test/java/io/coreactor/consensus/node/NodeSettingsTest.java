package io.coreactor.consensus.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.coreactor.consensus.raft.ConfState;
import io.coreactor.consensus.raft.RaftConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** reference.conf's documented defaults, and the Pekko settings derived from a node's settings. */
class NodeSettingsTest {

  @Test
  void referenceConfHoldsTheDocumentedDefaults() {
    Config config = ConfigFactory.load();
    NodeSettings settings = NodeSettings.fromConfig(config);

    assertThat(settings.nodeId()).isEqualTo(1);
    assertThat(settings.group()).isEqualTo("kv");
    assertThat(settings.initialCluster()).isEqualTo(Map.of(1L, "127.0.0.1:2380"));
    assertThat(settings.initialConfState()).isEqualTo(ConfState.ofVoters(List.of(1L)));
    assertThat(settings.tickInterval()).isEqualTo(Duration.ofMillis(100));
    assertThat(settings.snapshotCount()).isEqualTo(10_000);
    assertThat(settings.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(settings.raftConfig()).isEqualTo(RaftConfig.defaults(1));
    assertThat(config.getInt("coreactor.consensus.storage-dispatcher.thread-pool-executor.fixed-pool-size")).isOne();
    assertThat(config.getString("pekko.actor.serialization-bindings.\"io.coreactor.consensus.CborSerializable\""))
        .isEqualTo("jackson-cbor");
    assertThat(config.getString("pekko.cluster.downing-provider-class")).isEmpty();
  }

  @Test
  void aJoiningNodeStartsEmptyAndSeedsFromTheInitialClusterInIdOrder() {
    Config config = ConfigFactory.parseString("""
        coreactor.consensus {
          node-id = 4
          port = 2384
          join-existing = on
          initial-cluster { 3 = "10.0.0.3:2380", 1 = "10.0.0.1:2380", 2 = "10.0.0.2:2380" }
        }
        """).withFallback(ConfigFactory.load());
    NodeSettings settings = NodeSettings.fromConfig(config);
    Config pekko = settings.clusterConfig("coreactor");

    assertThat(settings.initialConfState()).isEqualTo(ConfState.EMPTY);
    assertThat(pekko.getString("pekko.actor.provider")).isEqualTo("cluster");
    assertThat(pekko.getInt("pekko.remote.artery.canonical.port")).isEqualTo(2384);
    assertThat(pekko.getStringList("pekko.cluster.seed-nodes")).containsExactly(
        "pekko://coreactor@10.0.0.1:2380", "pekko://coreactor@10.0.0.2:2380", "pekko://coreactor@10.0.0.3:2380");
    assertThat(pekko.getString("pekko.cluster.downing-provider-class")).isEmpty();
  }
}
