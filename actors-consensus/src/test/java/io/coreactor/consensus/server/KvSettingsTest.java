package io.coreactor.consensus.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.coreactor.consensus.kv.KvConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** reference.conf's documented defaults for the KV server, and the cluster id's inputs. */
class KvSettingsTest {

  @Test
  void referenceConfHoldsTheDocumentedDefaults() {
    Config config = ConfigFactory.load();
    KvSettings settings = KvSettings.fromConfig(config);

    assertThat(settings.kvConfig()).isEqualTo(KvConfig.DEFAULT);
    assertThat(settings.maxRequestBytes()).isEqualTo(3 * 512 * 1024);
    assertThat(settings.progressNotifyInterval()).isEqualTo(Duration.ofMinutes(10));
    assertThat(settings.autoCompactionRetention()).isZero();
    assertThat(settings.autoCompactionInterval()).isEqualTo(Duration.ofMinutes(5));
    assertThat(settings.watchBuffer()).isEqualTo(1024);
    assertThat(config.getString("coreactor.consensus.initial-cluster-token")).isEqualTo("etcd-cluster");
    assertThat(config.getString("coreactor.consensus.initial-cluster-state")).isEqualTo("new");
    assertThat(config.hasPath(KvSettings.CLIENT_DISPATCHER)).isTrue();
  }

  @Test
  void theClusterIdDependsOnTheTokenAndTheSetOfPeerUrlsOnly() {
    long id = MemberIds.clusterId("t", List.of("http://a:1", "http://b:1"));

    assertThat(MemberIds.clusterId("t", List.of("http://b:1", "http://a:1"))).isEqualTo(id);
    assertThat(MemberIds.clusterId("u", List.of("http://a:1", "http://b:1"))).isNotEqualTo(id);
    assertThat(MemberIds.clusterId("t", List.of("http://a:1"))).isNotEqualTo(id);
    assertThat(id).isPositive();
  }
}
