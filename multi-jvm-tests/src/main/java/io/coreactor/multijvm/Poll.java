package io.coreactor.multijvm;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polling with a deadline: the kit waits for conditions, never for fixed times. */
public final class Poll {

  public static final Duration INTERVAL = Duration.ofMillis(50);

  private Poll() {
  }

  /** Waits until {@code condition} holds; false when {@code timeout} passed first. */
  public static boolean until(Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (condition.getAsBoolean()) {
        return true;
      }
      if (System.nanoTime() > deadline) {
        return false;
      }
      nap();
    }
  }

  /** One poll interval. */
  public static void nap() {
    try {
      Thread.sleep(INTERVAL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
