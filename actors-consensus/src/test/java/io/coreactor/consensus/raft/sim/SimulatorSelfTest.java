package io.coreactor.consensus.raft.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The simulation, end to end, must catch a broken node: here every shell sends a Ready's
 * messages before persisting it, and crashes often in between, so votes and acknowledged
 * entries are lost. The same runs without the sabotage must pass.
 */
class SimulatorSelfTest {

  @Test
  void aShellThatSendsBeforePersistingIsCaught() {
    List<String> caught = new ArrayList<>();
    long firstCaught = -1;
    for (long seed = 1; seed <= 400 && caught.size() < 5; seed++) {
      SimParams p = SimParams.of(seed);
      if (p.nodes() == 1) {
        continue;
      }
      Simulation.Result r = Simulation.run(p.crashHeavy(), SimTrace.off(), true);
      if (r.failure() instanceof SimulationFailure f) {
        caught.add("seed " + seed + ": " + f.getMessage());
        firstCaught = firstCaught < 0 ? seed : firstCaught;
      }
    }
    caught.forEach(System.out::println);
    assertThat(caught).isNotEmpty();
    Simulation.Result honest = Simulation.run(SimParams.of(firstCaught).crashHeavy(), SimTrace.off(), false);
    assertThat(honest.failure()).as("the same run with an honest shell").isNull();
  }
}
