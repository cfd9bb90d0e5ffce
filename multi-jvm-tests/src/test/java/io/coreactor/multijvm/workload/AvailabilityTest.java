package io.coreactor.multijvm.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The longest stretch without a successful write, edges included. */
class AvailabilityTest {

  @Test
  void theLongestGapMayBeInTheMiddle() {
    assertThat(Availability.longestGap(0, 100, List.of(10L, 20L, 70L, 95L))).isEqualTo(Duration.ofNanos(50));
  }

  @Test
  void theGapsAtTheEdgesCount() {
    assertThat(Availability.longestGap(0, 100, List.of(60L))).isEqualTo(Duration.ofNanos(60));
    assertThat(Availability.longestGap(0, 100, List.of(30L))).isEqualTo(Duration.ofNanos(70));
    assertThat(Availability.longestGap(0, 100, List.of())).isEqualTo(Duration.ofNanos(100));
  }
}
