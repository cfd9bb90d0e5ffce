package io.coreactor.consensus.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The fault switch cuts only the listed peers, only when enabled, and a new list replaces the old. */
class FaultInjectionTest {

  @Test
  void enabledSwitchBlocksTheListedPeersUntilHealed() {
    FaultInjection faults = FaultInjection.detached(true);
    assertThat(faults.blocks(2)).isFalse();
    faults.drop(Set.of(2L, 3L));
    assertThat(faults.blocks(2)).isTrue();
    assertThat(faults.blocks(3)).isTrue();
    assertThat(faults.blocks(4)).isFalse();
    faults.drop(Set.of(4L));
    assertThat(faults.dropped()).containsExactly(4L);
    assertThat(faults.blocks(2)).isFalse();
    faults.drop(Set.of());
    assertThat(faults.blocks(4)).isFalse();
  }

  @Test
  void disabledSwitchRefusesAndBlocksNothing() {
    FaultInjection faults = FaultInjection.detached(false);
    assertThatThrownBy(() -> faults.drop(Set.of(2L))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(FaultInjection.ENABLED);
    assertThat(faults.blocks(2)).isFalse();
    assertThat(faults.enabled()).isFalse();
  }
}
