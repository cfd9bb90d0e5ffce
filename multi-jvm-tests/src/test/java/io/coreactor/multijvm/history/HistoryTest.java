package io.coreactor.multijvm.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The recorder: concurrent clients, outcomes, operations still in flight. */
class HistoryTest {

  @Test
  void recordsWhatConcurrentClientsDidAgainstARealRegister() throws Exception {
    History history = new History();
    AtomicReference<String> register = new AtomicReference<>();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> done = new ArrayList<>();
    for (int p = 0; p < 4; p++) {
      int process = p;
      done.add(pool.submit(() -> {
        for (int i = 0; i < 200; i++) {
          if (i % 3 == 0) {
            History.Invocation inv = history.invokeRead(process, "k");
            history.ok(inv, register.get(), false);
          } else if (i % 3 == 1) {
            String v = process + "-" + i;
            History.Invocation inv = history.invokeWrite(process, "k", v);
            register.set(v);
            history.ok(inv, null, false);
          } else {
            String expected = register.get();
            String v = "c" + process + "-" + i;
            History.Invocation inv = history.invokeCas(process, "k", expected, v);
            boolean ok = register.compareAndSet(expected, v);
            history.ok(inv, null, ok);
          }
        }
      }));
    }
    for (Future<?> f : done) {
      f.get(30, TimeUnit.SECONDS);
    }
    pool.shutdown();
    List<Operation> ops = history.operations();
    assertThat(ops).hasSize(800);
    CheckResult result = new LinearizabilityChecker().check(ops);
    assertThat(result.verdict()).isEqualTo(CheckResult.Verdict.LINEARIZABLE);
  }

  @Test
  void anOperationNeverAnsweredCountsAsUnknown() {
    History history = new History();
    history.invokeWrite(1, "k", "v");
    Operation op = history.operations().get(0);
    assertThat(op.outcome()).isEqualTo(Operation.Outcome.UNKNOWN);
    assertThat(op.returnedAt()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void anOperationCompletesOnce() {
    History history = new History();
    History.Invocation inv = history.invokeRead(1, "k");
    history.ok(inv, null, false);
    assertThatThrownBy(() -> history.fail(inv)).isInstanceOf(IllegalStateException.class);
  }
}
