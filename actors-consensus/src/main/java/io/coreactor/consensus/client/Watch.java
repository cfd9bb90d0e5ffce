package io.coreactor.consensus.client;

/** A running watch; cancelling it delivers a final canceled response to its listener. */
public interface Watch extends AutoCloseable {

  long id();

  void cancel();

  @Override
  default void close() {
    cancel();
  }
}
