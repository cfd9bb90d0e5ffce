package io.coreactor.multijvm.workload;

/** The one place polling loops wait between two looks; interrupts end the wait early. */
final class Pause {

  private Pause() {}

  static void briefly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while polling", e);
    }
  }
}
