package io.coreactor.multijvm.history;

import java.util.List;

/**
 * The checker's verdict on a history, with an explanation a person can follow when it is not
 * linearizable: for the first key that fails, the longest linearization found and the
 * operations none of which could come next.
 */
public record CheckResult(Verdict verdict, int keysChecked, int operationsChecked, String failedKey,
                          List<Operation> longestLinearization, List<Operation> stuckAt, String explanation) {

  /** LINEARIZABLE, NOT_LINEARIZABLE, or UNKNOWN when the search exceeded its budget. */
  public enum Verdict { LINEARIZABLE, NOT_LINEARIZABLE, UNKNOWN }

  public CheckResult {
    longestLinearization = List.copyOf(longestLinearization);
    stuckAt = List.copyOf(stuckAt);
  }

  public boolean isLinearizable() {
    return verdict == Verdict.LINEARIZABLE;
  }
}
