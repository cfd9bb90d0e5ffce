package io.coreactor.multijvm.workload;

import java.security.SecureRandom;

/**
 * The run-wide knobs of the fault tests: {@code -Dmultijvm.long=true} turns the bounded CI runs
 * into soaks, {@code -Dmultijvm.seed=N} replays a run's random choices.
 */
public final class Soak {

  private static final long RUN_SEED = initialSeed();

  private Soak() {}

  /** Whether {@code -Dmultijvm.long=true}: longer workloads and nemesis loops, not for CI. */
  public static boolean isLong() {
    return Boolean.getBoolean("multijvm.long");
  }

  /** {@code -Dmultijvm.seed} if set, else one random seed per JVM (print it). */
  public static long seed() {
    return RUN_SEED;
  }

  /** {@code ci} normally, {@code soak} under {@code -Dmultijvm.long=true}. */
  public static int rounds(int ci, int soak) {
    return isLong() ? soak : ci;
  }

  private static long initialSeed() {
    String s = System.getProperty("multijvm.seed");
    if (s != null && !s.isBlank()) {
      return Long.parseLong(s.trim());
    }
    return new SecureRandom().nextLong();
  }
}
