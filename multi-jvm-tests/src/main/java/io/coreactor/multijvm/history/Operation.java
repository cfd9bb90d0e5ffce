package io.coreactor.multijvm.history;

/**
 * One client operation on a key-value register, as recorded: who did it, what it asked,
 * what it saw, and when it was invoked and answered. A value of null means "no key".
 *
 * @param kind READ, WRITE (value null deletes) or CAS (expected -> value)
 * @param read what a READ returned
 * @param casSucceeded whether a CAS reported success
 * @param outcome OK (answered), FAIL (known not to have taken effect) or UNKNOWN (timed out:
 *     it may take effect at any time after its invocation, or never)
 * @param returnedAt {@link Long#MAX_VALUE} for an UNKNOWN outcome
 */
public record Operation(long id, int process, Kind kind, String key, String value, String expected,
                        String read, boolean casSucceeded, Outcome outcome, long invokedAt, long returnedAt) {

  /** The operations of the register model. */
  public enum Kind { READ, WRITE, CAS }

  /** How an operation ended, from the client's point of view. */
  public enum Outcome { OK, FAIL, UNKNOWN }

  public static Operation read(long id, int process, String key, String read, long invokedAt, long returnedAt) {
    return new Operation(id, process, Kind.READ, key, null, null, read, false, Outcome.OK, invokedAt, returnedAt);
  }

  public static Operation write(long id, int process, String key, String value, long invokedAt, long returnedAt) {
    return new Operation(id, process, Kind.WRITE, key, value, null, null, false, Outcome.OK, invokedAt, returnedAt);
  }

  public static Operation cas(long id, int process, String key, String expected, String value, boolean ok,
                              long invokedAt, long returnedAt) {
    return new Operation(id, process, Kind.CAS, key, value, expected, null, ok, Outcome.OK, invokedAt, returnedAt);
  }

  /** The same operation with an unknown outcome (timed out): it may or may not have happened. */
  public Operation unknown() {
    return new Operation(id, process, kind, key, value, expected, null, false, Outcome.UNKNOWN, invokedAt,
        Long.MAX_VALUE);
  }

  /** The same operation, known to have failed without effect. */
  public Operation failed() {
    return new Operation(id, process, kind, key, value, expected, read, false, Outcome.FAIL, invokedAt, returnedAt);
  }

  @Override
  public String toString() {
    String what = switch (kind) {
      case READ -> "read " + key + (outcome == Outcome.OK ? " -> " + read : "");
      case WRITE -> (value == null ? "delete " + key : "write " + key + " = " + value);
      case CAS -> "cas " + key + " " + expected + " -> " + value
          + (outcome == Outcome.OK ? (casSucceeded ? " ok" : " failed") : "");
    };
    String end = returnedAt == Long.MAX_VALUE ? "?" : Long.toString(returnedAt);
    return "#" + id + " p" + process + " " + what + " [" + invokedAt + ", " + end + "]"
        + (outcome == Outcome.OK ? "" : " " + outcome);
  }
}
