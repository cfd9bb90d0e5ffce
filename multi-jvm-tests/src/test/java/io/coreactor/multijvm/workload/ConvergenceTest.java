package io.coreactor.multijvm.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The convergence verdict on fabricated node states. */
class ConvergenceTest {

  @Test
  void nodesAtTheSameRevisionWithTheSameHashAgree() {
    assertThat(Convergence.divergence(List.of(new NodeState("n1", 9, 42, 9), new NodeState("n2", 9, 42, 9))))
        .isEmpty();
  }

  @Test
  void aNodeBehindIsNotConverged() {
    assertThat(Convergence.divergence(List.of(new NodeState("n1", 9, 42, 9), new NodeState("n2", 8, 41, 8))))
        .get().asString().contains("revisions differ");
  }

  @Test
  void sameRevisionDifferentContentIsDivergence() {
    assertThat(Convergence.divergence(List.of(new NodeState("n1", 9, 42, 9), new NodeState("n2", 9, 43, 9))))
        .get().asString().contains("different content");
  }

  @Test
  void noAnswerIsNotConvergence() {
    assertThat(Convergence.divergence(List.of())).isPresent();
  }
}
