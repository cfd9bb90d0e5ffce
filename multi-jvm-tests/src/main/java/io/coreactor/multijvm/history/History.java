package io.coreactor.multijvm.history;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A thread-safe recorder of client operations against the store: each client thread calls
 * {@code invoke} before sending a request and then exactly one of {@code ok}, {@code fail}
 * (known not to have taken effect) or {@code unknown} (timed out, connection lost). An
 * invocation never completed counts as unknown.
 */
public final class History {

  /** An operation in flight, to be completed once. */
  public record Invocation(long id, int process, Operation.Kind kind, String key, String value, String expected,
                           long invokedAt) {}

  private final AtomicLong ids = new AtomicLong();
  private final ConcurrentHashMap<Long, Invocation> pending = new ConcurrentHashMap<>();
  private final List<Operation> completed = new ArrayList<>();
  private final long origin = System.nanoTime();

  public Invocation invokeRead(int process, String key) {
    return invoke(process, Operation.Kind.READ, key, null, null);
  }

  public Invocation invokeWrite(int process, String key, String value) {
    return invoke(process, Operation.Kind.WRITE, key, value, null);
  }

  public Invocation invokeCas(int process, String key, String expected, String value) {
    return invoke(process, Operation.Kind.CAS, key, value, expected);
  }

  private Invocation invoke(int process, Operation.Kind kind, String key, String value, String expected) {
    Invocation inv = new Invocation(ids.incrementAndGet(), process, kind, key, value, expected, now());
    pending.put(inv.id(), inv);
    return inv;
  }

  /** The operation took effect; {@code read} for a READ, {@code casSucceeded} for a CAS. */
  public void ok(Invocation inv, String read, boolean casSucceeded) {
    complete(inv, new Operation(inv.id(), inv.process(), inv.kind(), inv.key(), inv.value(), inv.expected(),
        read, casSucceeded, Operation.Outcome.OK, inv.invokedAt(), now()));
  }

  public void fail(Invocation inv) {
    complete(inv, new Operation(inv.id(), inv.process(), inv.kind(), inv.key(), inv.value(), inv.expected(),
        null, false, Operation.Outcome.FAIL, inv.invokedAt(), now()));
  }

  public void unknown(Invocation inv) {
    complete(inv, new Operation(inv.id(), inv.process(), inv.kind(), inv.key(), inv.value(), inv.expected(),
        null, false, Operation.Outcome.UNKNOWN, inv.invokedAt(), Long.MAX_VALUE));
  }

  private void complete(Invocation inv, Operation op) {
    if (pending.remove(inv.id()) == null) {
      throw new IllegalStateException("operation " + inv.id() + " completed twice or never invoked");
    }
    synchronized (completed) {
      completed.add(op);
    }
  }

  /** Every operation so far, in invocation order; those still in flight as unknown. */
  public List<Operation> operations() {
    List<Operation> all;
    synchronized (completed) {
      all = new ArrayList<>(completed);
    }
    for (Invocation inv : pending.values()) {
      all.add(new Operation(inv.id(), inv.process(), inv.kind(), inv.key(), inv.value(), inv.expected(), null,
          false, Operation.Outcome.UNKNOWN, inv.invokedAt(), Long.MAX_VALUE));
    }
    all.sort(Comparator.comparingLong(Operation::invokedAt).thenComparingLong(Operation::id));
    return all;
  }

  private long now() {
    return System.nanoTime() - origin;
  }
}
