package io.coreactor.consensus.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.coreactor.consensus.raft.ConfState;
import io.coreactor.consensus.raft.RaftConfig;
import io.coreactor.consensus.server.MemberIds;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** reference.conf's documented defaults, etcd's naming model, and the Pekko settings derived from them. */
class NodeSettingsTest {

  @Test
  void referenceConfHoldsTheDocumentedDefaults() {
    Config config = ConfigFactory.load();
    NodeSettings settings = NodeSettings.fromConfig(config);
    long id = MemberIds.fromPeerUrl("etcd-cluster", "http://127.0.0.1:2380");

    assertThat(settings.name()).isEqualTo("default");
    assertThat(settings.nodeId()).isEqualTo(id);
    assertThat(settings.group()).isEqualTo("kv");
    assertThat(settings.host()).isEqualTo("127.0.0.1");
    assertThat(settings.port()).isEqualTo(2380);
    assertThat(settings.initialCluster()).isEqualTo(Map.of(id, "http://127.0.0.1:2380"));
    assertThat(settings.initialNames()).isEqualTo(Map.of(id, "default"));
    assertThat(settings.initialConfState()).isEqualTo(ConfState.ofVoters(List.of(id)));
    assertThat(settings.clientUrls()).containsExactly("http://127.0.0.1:2379");
    assertThat(settings.tickInterval()).isEqualTo(Duration.ofMillis(100));
    assertThat(settings.snapshotCount()).isEqualTo(100_000);
    assertThat(settings.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(settings.raftConfig()).isEqualTo(RaftConfig.defaults(id));
    assertThat(config.getInt("coreactor.consensus.storage-dispatcher.thread-pool-executor.fixed-pool-size")).isOne();
    assertThat(config.getString("pekko.actor.serialization-bindings.\"io.coreactor.consensus.CborSerializable\""))
        .isEqualTo("jackson-cbor");
    assertThat(config.getString("pekko.cluster.downing-provider-class")).isEmpty();
  }

  @Test
  void idsAreDerivedFromTheTokenAndPeerUrlsAndTheArteryAddressFromOwnPeerUrl() {
    NodeSettings settings = NodeSettings.fromConfig(ConfigFactory.parseString("""
        coreactor.consensus {
          name = n2
          initial-cluster-token = t1
          initial-cluster { n1 = "http://10.0.0.1:2380", n2 = "http://10.0.0.2:2390", n3 = "http://10.0.0.3" }
        }
        """).withFallback(ConfigFactory.load()));

    assertThat(settings.nodeId()).isEqualTo(MemberIds.fromPeerUrl("t1", "http://10.0.0.2:2390"));
    assertThat(settings.peerUrl()).isEqualTo("http://10.0.0.2:2390");
    assertThat(settings.host()).isEqualTo("10.0.0.2");
    assertThat(settings.port()).isEqualTo(2390);
    assertThat(settings.initialCluster()).containsOnlyKeys(MemberIds.fromPeerUrl("t1", "http://10.0.0.1:2380"),
        settings.nodeId(), MemberIds.fromPeerUrl("t1", "http://10.0.0.3"));
    assertThat(settings.initialConfState().voters()).isEqualTo(settings.initialCluster().keySet());
    assertThat(NodeSettings.portOf("http://10.0.0.3")).isEqualTo(2380);
  }

  @Test
  void anExplicitNodeIdOverridesOnlyThisMembersId() {
    NodeSettings settings = NodeSettings.fromConfig(ConfigFactory.parseString(
        "coreactor.consensus { node-id = 7, name = solo, peer-url = \"http://127.0.0.1:1\" }")
        .withFallback(ConfigFactory.load()));

    assertThat(settings.nodeId()).isEqualTo(7);
    assertThat(settings.initialCluster()).isEqualTo(Map.of(7L, "http://127.0.0.1:1"));
    assertThat(settings.initialNames()).isEqualTo(Map.of(7L, "solo"));
  }

  @Test
  void aNameMissingFromTheInitialClusterIsRefused() {
    Config config = ConfigFactory.parseString("""
        coreactor.consensus { name = n9, initial-cluster { n1 = "http://10.0.0.1:2380" } }
        """).withFallback(ConfigFactory.load());
    assertThatThrownBy(() -> NodeSettings.fromConfig(config))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("n9");
  }

  @Test
  void aJoiningNodeStartsEmptyAndSeedsFromTheOtherMembersInNameOrder() {
    Config config = ConfigFactory.parseString("""
        coreactor.consensus {
          name = n4
          initial-cluster-state = existing
          initial-cluster {
            n3 = "http://10.0.0.3:2380", n1 = "http://10.0.0.1:2380", n2 = "http://10.0.0.2:2380",
            n4 = "http://10.0.0.4:2384"
          }
        }
        """).withFallback(ConfigFactory.load());
    NodeSettings settings = NodeSettings.fromConfig(config);
    Config pekko = settings.clusterConfig("coreactor");

    assertThat(settings.joinExisting()).isTrue();
    assertThat(settings.initialConfState()).isEqualTo(ConfState.EMPTY);
    assertThat(pekko.getString("pekko.actor.provider")).isEqualTo("cluster");
    assertThat(pekko.getString("pekko.remote.artery.canonical.hostname")).isEqualTo("10.0.0.4");
    assertThat(pekko.getInt("pekko.remote.artery.canonical.port")).isEqualTo(2384);
    assertThat(pekko.getStringList("pekko.cluster.seed-nodes")).containsExactly(
        "pekko://coreactor@10.0.0.1:2380", "pekko://coreactor@10.0.0.2:2380", "pekko://coreactor@10.0.0.3:2380");
    assertThat(pekko.getString("pekko.cluster.downing-provider-class")).isEmpty();
  }

  @Test
  void aRestartedMemberRetriesItsJoinQuicklyWhateverPekkosReferenceSays() {
    Config config = ConfigFactory.parseString("""
        coreactor.consensus {
          name = n1
          initial-cluster { n1 = "http://10.0.0.1:2380", n2 = "http://10.0.0.2:2380", n3 = "http://10.0.0.3:2380" }
        }
        """).withFallback(ConfigFactory.load());
    Config effective = NodeSettings.fromConfig(config).clusterConfig("coreactor").withFallback(config);

    assertThat(effective.getDuration("pekko.cluster.retry-unsuccessful-join-after"))
        .isLessThanOrEqualTo(java.time.Duration.ofSeconds(1));
  }

  @Test
  void raftMessagesTravelOnArterysLargeMessageChannelWithRoomForTheirLimits() {
    Config config = ConfigFactory.parseString("""
        coreactor.consensus {
          name = n1
          initial-cluster { n1 = "http://10.0.0.1:2380", n2 = "http://10.0.0.2:2380", n3 = "http://10.0.0.3:2380" }
        }
        """).withFallback(ConfigFactory.load());
    NodeSettings settings = NodeSettings.fromConfig(config);
    Config effective = settings.clusterConfig("coreactor").withFallback(config);

    assertThat(effective.getStringList("pekko.remote.artery.large-message-destinations")).contains("/system/*/raft");
    assertThat(effective.getBytes("pekko.remote.artery.advanced.maximum-large-frame-size"))
        .isGreaterThan(config.getBytes("coreactor.consensus.max-size-per-message"))
        .isGreaterThan(config.getBytes("coreactor.consensus.snapshot-chunk-size"))
        .isGreaterThanOrEqualTo(4L << 20);
  }
}
