package io.coreactor.consensus.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** etcd's auto-compaction policies, with the clock in the test's hands. */
class AutoCompactionTest {

  @Test
  void revisionModeKeepsTheLastNRevisions() {
    AutoCompaction c = new AutoCompaction(AutoCompaction.Mode.REVISION, 100, Duration.ZERO);
    assertThat(c.target(0, 50, 0)).isZero();
    assertThat(c.target(0, 150, 0)).isEqualTo(50);
    assertThat(c.target(0, 150, 50)).as("already compacted there").isZero();
  }

  @Test
  void periodicModeCompactsToTheNewestRevisionAtLeastAPeriodOld() {
    AutoCompaction c = new AutoCompaction(AutoCompaction.Mode.PERIODIC, 0, Duration.ofMinutes(60));
    long minute = 60_000;
    assertThat(c.target(0, 10, 0)).isZero();                 // t=0: revision 10
    assertThat(c.target(30 * minute, 500, 0)).isZero();      // t=30m: nothing is an hour old yet
    assertThat(c.target(60 * minute, 900, 0)).isEqualTo(10); // t=60m: what was current at t=0
    assertThat(c.target(80 * minute, 950, 10)).isZero();     // t=80m: still revision 10 at best
    assertThat(c.target(90 * minute, 990, 10)).isEqualTo(500); // t=90m: what was current at 30m
  }

  @Test
  void aNewLeaderSamplesAfresh() {
    AutoCompaction c = new AutoCompaction(AutoCompaction.Mode.PERIODIC, 0, Duration.ofMinutes(1));
    c.target(0, 10, 0);
    c.reset();
    assertThat(c.target(60_000, 20, 0)).isZero();
    assertThat(c.target(120_000, 30, 0)).isEqualTo(20);
  }

  @Test
  void settingsReadEtcdsModes() {
    KvSettings periodic = KvSettings.fromConfig(ConfigFactory.parseString(
        "coreactor.kv { auto-compaction-mode = periodic, auto-compaction-retention = 1h }")
        .withFallback(ConfigFactory.load()));
    assertThat(periodic.autoCompactionMode()).isEqualTo(AutoCompaction.Mode.PERIODIC);
    assertThat(periodic.autoCompactionPeriod()).isEqualTo(Duration.ofHours(1));
    assertThat(periodic.autoCompaction().enabled()).isTrue();
    assertThat(KvSettings.fromConfig(ConfigFactory.load()).autoCompaction().enabled()).isFalse();
    assertThatThrownBy(() -> KvSettings.fromConfig(ConfigFactory.parseString(
        "coreactor.kv.auto-compaction-mode = sometimes").withFallback(ConfigFactory.load())))
        .hasMessageContaining("revision or periodic");
  }
}
