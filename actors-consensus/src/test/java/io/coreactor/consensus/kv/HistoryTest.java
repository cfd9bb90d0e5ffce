package io.coreactor.consensus.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The store's revision-ordered history across its chunks (white box). */
class HistoryTest {

  private static KeyValue at(long main) {
    return new KeyValue(Bytes.of("k" + main), main, main, 1, Bytes.of("v"), 0);
  }

  @Test
  void versionsAreFoundByRevisionAcrossChunks() {
    History h = new History();
    for (long main = 2; main <= 20_000; main += 2) {
      h.append(0, at(main));
      h.append(1, at(main));
    }
    assertThat(h.size()).isEqualTo(20_000);
    assertThat(h.firstAtOrAfter(0)).isZero();
    assertThat(h.firstAtOrAfter(9_001)).isEqualTo(9_000);
    assertThat(h.revision(9_001)).isEqualTo(new Revision(9_002, 1));
    assertThat(h.firstAtOrAfter(20_001)).isEqualTo(20_000);
  }

  @Test
  void aVersionNotAfterTheLastIsRefused() {
    History h = new History();
    h.append(0, at(5));
    h.append(1, at(5));
    assertThatThrownBy(() -> h.append(1, at(5))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> h.append(0, at(4))).isInstanceOf(IllegalStateException.class);
    assertThat(h.size()).isEqualTo(2);
  }

  @Test
  void compactionKeepsWhatThePredicateAcceptsUpToTheRevisionAndEverythingAfter() {
    History h = new History();
    for (long main = 1; main <= 10_000; main++) {
      h.append(0, at(main));
    }
    h.retainUpTo(9_000, kv -> kv.modRevision() % 1_000 == 0);
    assertThat(h.size()).isEqualTo(9 + 1_000);
    assertThat(h.main(0)).isEqualTo(1_000);
    assertThat(h.main(8)).isEqualTo(9_000);
    assertThat(h.main(9)).isEqualTo(9_001);
    assertThat(h.firstAtOrAfter(9_500)).isEqualTo(9 + 499);

    h.append(0, at(10_001));
    h.retainUpTo(10_001, kv -> false);
    assertThat(h.size()).isZero();
    h.append(0, at(10_002));
    assertThat(h.revision(0)).isEqualTo(new Revision(10_002, 0));
  }
}
