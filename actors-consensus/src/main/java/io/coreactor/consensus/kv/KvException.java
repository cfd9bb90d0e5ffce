package io.coreactor.consensus.kv;

/**
 * A request the store refused, for a reason etcd reports the same way. The store is unchanged
 * when this is thrown or returned by {@link KvStateMachine#apply}.
 */
public final class KvException extends RuntimeException {

  private final KvError error;

  public KvException(KvError error) {
    // No stack trace: these are ordinary answers, often returned as values from apply.
    super(error.message(), null, false, false);
    this.error = error;
  }

  public KvError error() {
    return error;
  }

  /** The gRPC status code number, e.g. 11 for OutOfRange. */
  public int code() {
    return error.code().number();
  }

  /** Equal when reporting the same error, so that replicas' answers can be compared. */
  @Override
  public boolean equals(Object o) {
    return o instanceof KvException e && e.error == error;
  }

  @Override
  public int hashCode() {
    return error.hashCode();
  }
}
