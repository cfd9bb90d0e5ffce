package io.coreactor.multijvm.history;

import java.util.Objects;

/**
 * The sequential specification of one key: a register with read, write (null deletes) and
 * compare-and-set. An operation with an unknown outcome reports nothing, so any answer fits.
 */
final class RegisterModel {

  private RegisterModel() {}

  /** Whether {@code op} may happen in {@code state}; the state after it, or a marker when not. */
  static Step step(String state, Operation op) {
    boolean known = op.outcome() == Operation.Outcome.OK;
    return switch (op.kind()) {
      case READ -> Objects.equals(state, op.read()) ? Step.to(state) : Step.NO;
      case WRITE -> Step.to(op.value());
      case CAS -> {
        boolean matches = Objects.equals(state, op.expected());
        if (!known) {
          yield Step.to(matches ? op.value() : state);
        }
        if (op.casSucceeded()) {
          yield matches ? Step.to(op.value()) : Step.NO;
        }
        yield matches ? Step.NO : Step.to(state);
      }
    };
  }

  /** The outcome of one step of the model. */
  record Step(boolean possible, String state) {
    static final Step NO = new Step(false, null);

    static Step to(String state) {
      return new Step(true, state);
    }
  }
}
