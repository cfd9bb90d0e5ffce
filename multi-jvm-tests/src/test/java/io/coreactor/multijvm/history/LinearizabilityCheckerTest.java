package io.coreactor.multijvm.history;

import static io.coreactor.multijvm.history.Operation.cas;
import static io.coreactor.multijvm.history.Operation.read;
import static io.coreactor.multijvm.history.Operation.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The checker on hand-made histories whose verdicts are known, and on random ones. */
class LinearizabilityCheckerTest {

  private final LinearizabilityChecker checker = new LinearizabilityChecker();

  @Test
  void sequentialHistoryIsLinearizable() {
    CheckResult r = checker.check(List.of(
        write(1, 1, "x", "a", 0, 10),
        read(2, 2, "x", "a", 20, 30),
        cas(3, 1, "x", "a", "b", true, 40, 50),
        read(4, 2, "x", "b", 60, 70)));
    assertThat(r.verdict()).isEqualTo(CheckResult.Verdict.LINEARIZABLE);
    assertThat(r.operationsChecked()).isEqualTo(4);
  }

  @Test
  void aStaleReadAfterAWriteCompletedIsNot() {
    CheckResult r = checker.check(List.of(
        write(1, 1, "x", "a", 0, 10),
        write(2, 1, "x", "b", 20, 30),
        read(3, 2, "x", "a", 40, 50)));
    assertThat(r.verdict()).isEqualTo(CheckResult.Verdict.NOT_LINEARIZABLE);
    assertThat(r.failedKey()).isEqualTo("x");
    assertThat(r.explanation()).contains("read x -> a").contains("none of these can come next");
  }

  @Test
  void concurrentOperationsMayBeOrderedEitherWay() {
    // the read overlaps both writes: it may see either value
    CheckResult r = checker.check(List.of(
        write(1, 1, "x", "a", 0, 100),
        write(2, 2, "x", "b", 10, 90),
        read(3, 3, "x", "a", 20, 95),
        read(4, 3, "x", "a", 96, 99)));
    assertThat(r.isLinearizable()).isTrue();
  }

  @Test
  void twoReadersCannotSeeTwoWritesInOppositeOrders() {
    CheckResult r = checker.check(List.of(
        write(1, 1, "x", "a", 0, 100),
        write(2, 2, "x", "b", 0, 100),
        read(3, 3, "x", "a", 10, 20),
        read(4, 3, "x", "b", 30, 40),
        read(5, 4, "x", "b", 10, 20),
        read(6, 4, "x", "a", 30, 40)));
    assertThat(r.verdict()).isEqualTo(CheckResult.Verdict.NOT_LINEARIZABLE);
  }

  @Test
  void aReadOfANeverWrittenValueIsNot() {
    CheckResult r = checker.check(List.of(read(1, 1, "x", "ghost", 0, 10)));
    assertThat(r.verdict()).isEqualTo(CheckResult.Verdict.NOT_LINEARIZABLE);
  }

  @Test
  void aReadOfAnAbsentKeySeesNull() {
    assertThat(checker.check(List.of(read(1, 1, "x", null, 0, 10))).isLinearizable()).isTrue();
    assertThat(checker.check(List.of(
        write(1, 1, "x", "a", 0, 10),
        write(2, 1, "x", null, 20, 30),
        read(3, 1, "x", null, 40, 50))).isLinearizable()).isTrue();
  }

  @Test
  void aFailedCasMustSeeAnotherValueAndASuccessfulOneTheExpectedValue() {
    assertThat(checker.check(List.of(
        write(1, 1, "x", "a", 0, 10),
        cas(2, 2, "x", "a", "b", false, 20, 30))).isLinearizable()).isFalse();
    assertThat(checker.check(List.of(
        write(1, 1, "x", "a", 0, 10),
        cas(2, 2, "x", "z", "b", true, 20, 30))).isLinearizable()).isFalse();
  }

  @Test
  void aTimedOutWriteMayHaveHappenedLater() {
    // the write timed out; a read much later sees its value: it took effect after all
    CheckResult r = checker.check(List.of(
        write(1, 1, "x", "a", 0, 10),
        write(2, 2, "x", "b", 20, 30).unknown(),
        read(3, 3, "x", "a", 40, 50),
        read(4, 3, "x", "b", 1000, 1010)));
    assertThat(r.isLinearizable()).isTrue();
  }

  @Test
  void aTimedOutWriteMayNeverHaveHappened() {
    CheckResult r = checker.check(List.of(
        write(1, 1, "x", "a", 0, 10),
        write(2, 2, "x", "b", 20, 30).unknown(),
        read(3, 3, "x", "a", 1000, 1010)));
    assertThat(r.isLinearizable()).isTrue();
  }

  @Test
  void aTimedOutWriteCannotTakeEffectBeforeItWasInvoked() {
    CheckResult r = checker.check(List.of(
        read(1, 3, "x", "b", 0, 10),
        write(2, 2, "x", "b", 20, 30).unknown()));
    assertThat(r.verdict()).isEqualTo(CheckResult.Verdict.NOT_LINEARIZABLE);
  }

  @Test
  void aFailedWriteTookNoEffect() {
    CheckResult r = checker.check(List.of(
        write(1, 2, "x", "b", 0, 10).failed(),
        read(2, 3, "x", "b", 20, 30)));
    assertThat(r.verdict()).isEqualTo(CheckResult.Verdict.NOT_LINEARIZABLE);
  }

  @Test
  void keysAreCheckedIndependently() {
    CheckResult r = checker.check(List.of(
        write(1, 1, "x", "a", 0, 10),
        write(2, 1, "y", "b", 0, 10),
        read(3, 2, "y", "b", 20, 30),
        read(4, 2, "x", "b", 20, 30)));
    assertThat(r.verdict()).isEqualTo(CheckResult.Verdict.NOT_LINEARIZABLE);
    assertThat(r.failedKey()).isEqualTo("x");
    assertThat(r.keysChecked()).isEqualTo(2);
  }

  @Test
  void randomConcurrentHistoriesFromARealRegisterAreLinearizableAndACorruptedReadIsCaught() {
    long seed = Long.getLong("checker.seed", System.nanoTime());
    System.out.println("LinearizabilityCheckerTest seed " + seed + " (replay with -Dchecker.seed=" + seed + ")");
    Random random = new Random(seed);
    for (int round = 0; round < 200; round++) {
      List<Operation> history = randomHistory(random, 40);
      CheckResult ok = checker.check(history);
      assertThat(ok.verdict()).as("round %d", round).isEqualTo(CheckResult.Verdict.LINEARIZABLE);
      List<Operation> corrupted = new ArrayList<>(history);
      for (int i = 0; i < corrupted.size(); i++) {
        Operation op = corrupted.get(i);
        if (op.kind() == Operation.Kind.READ && op.outcome() == Operation.Outcome.OK) {
          corrupted.set(i, read(op.id(), op.process(), op.key(), "never-written", op.invokedAt(), op.returnedAt()));
          break;
        }
      }
      if (!corrupted.equals(history)) {
        assertThat(checker.check(corrupted).verdict()).as("round %d corrupted", round)
            .isEqualTo(CheckResult.Verdict.NOT_LINEARIZABLE);
      }
    }
  }

  /**
   * Runs a real register sequentially, giving each operation a random interval that contains
   * the instant it took effect: linearizable by construction. Some writes time out.
   */
  private static List<Operation> randomHistory(Random random, int n) {
    List<Operation> out = new ArrayList<>();
    String[] keys = {"x", "y"};
    java.util.Map<String, String> state = new java.util.HashMap<>();
    long t = 0;
    for (int i = 1; i <= n; i++) {
      t += 10;
      long invoked = t - random.nextInt(40);
      long returned = t + 1 + random.nextInt(40);
      String key = keys[random.nextInt(keys.length)];
      String current = state.get(key);
      int p = random.nextInt(5);
      Operation op;
      switch (random.nextInt(3)) {
        case 0 -> op = read(i, p, key, current, invoked, returned);
        case 1 -> {
          String v = "v" + i;
          state.put(key, v);
          op = write(i, p, key, v, invoked, returned);
          if (random.nextInt(10) == 0) {
            op = op.unknown();
          }
        }
        default -> {
          String expected = random.nextBoolean() ? current : "v" + random.nextInt(i);
          boolean succeeded = Objects.equals(current, expected);
          if (succeeded) {
            state.put(key, "c" + i);
          }
          op = cas(i, p, key, expected, "c" + i, succeeded, invoked, returned);
        }
      }
      out.add(op);
    }
    return out;
  }
}
