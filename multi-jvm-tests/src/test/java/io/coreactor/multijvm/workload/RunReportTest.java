package io.coreactor.multijvm.workload;

import static io.coreactor.multijvm.history.Operation.read;
import static io.coreactor.multijvm.history.Operation.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.coreactor.multijvm.history.CheckResult;
import io.coreactor.multijvm.history.LinearizabilityChecker;
import io.coreactor.multijvm.history.Operation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness can fail: a lost write shows up as a final read the checker rejects, and a failed
 * run leaves its history and the explanation next to its summary.
 */
class RunReportTest {

  @TempDir
  Path dir;

  @Test
  void aFinalReadThatMissesAnAcknowledgedWriteMakesTheHistoryNonLinearizable() {
    // what FaultRun appends after healing: one more read per key, after every other operation
    List<Operation> history = List.of(
        write(1, 0, "/wl/k0", "c0-1", 0, 10),
        write(2, 1, "/wl/k0", "c1-1", 20, 30),
        read(3, 8, "/wl/k0", "c0-1", 100, 110));
    CheckResult r = new LinearizabilityChecker().check(history);
    assertThat(r.verdict()).isEqualTo(CheckResult.Verdict.NOT_LINEARIZABLE);
    assertThat(r.explanation()).contains("read /wl/k0 -> c0-1");
  }

  @Test
  void aPassingRunWritesOnlyTheSummary() throws Exception {
    RunReport report = new RunReport("pass").line("operations: %d", 3);
    report.write(dir, List.of(write(1, 0, "k", "v", 0, 1)), null);
    assertThat(Files.readString(dir.resolve("summary.txt"))).contains("operations: 3").contains("verdict: PASS");
    assertThat(dir.resolve("history.txt")).doesNotExist();
  }

  @Test
  void aFailingRunWritesTheHistoryAndTheExplanation() throws Exception {
    List<Operation> history = List.of(write(1, 0, "k", "a", 0, 10), read(2, 1, "k", "ghost", 20, 30));
    CheckResult check = new LinearizabilityChecker().check(history);
    RunReport report = new RunReport("fail").problem("history " + check.verdict() + ": " + check.explanation());
    report.write(dir, history, check);
    assertThat(Files.readString(dir.resolve("summary.txt"))).contains("verdict: FAIL (1 problem(s))");
    assertThat(Files.readString(dir.resolve("history.txt"))).contains("read k -> ghost");
    assertThat(Files.readString(dir.resolve("explanation.txt"))).contains("none of these can come next");
  }
}
