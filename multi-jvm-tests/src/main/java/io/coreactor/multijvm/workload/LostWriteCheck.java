package io.coreactor.multijvm.workload;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Looks for acknowledged writes the cluster lost, from what survives after healing: revisions
 * only grow, so every acknowledged put's revision must be at most the final revision, no two
 * acknowledged puts share a revision, and a key whose last acknowledged put has revision r must
 * end with a mod revision of at least r (and that put's value when it is exactly r), or be absent
 * only when some delete of it was attempted. The final linearizable reads appended to the
 * history cover the rest (the final value is one that could have been written last).
 */
public final class LostWriteCheck {

  private LostWriteCheck() {}

  /**
   * @param acked every acknowledged write (null value = delete)
   * @param finals the final value of every key the workload touched
   * @param finalRevision the store revision after healing
   * @param keysWithDeletes keys on which a delete was ever invoked, whatever its outcome
   * @return the violations, empty when nothing was lost
   */
  public static List<String> check(Collection<AckedWrite> acked, Map<String, FinalValue> finals, long finalRevision,
                                   Set<String> keysWithDeletes) {
    List<String> violations = new ArrayList<>();
    Map<Long, AckedWrite> byRevision = new HashMap<>();
    Map<String, AckedWrite> lastPut = new HashMap<>();
    for (AckedWrite w : acked) {
      if (w.revision() > finalRevision) {
        violations.add("acknowledged " + describe(w) + " has revision " + w.revision()
            + " beyond the final revision " + finalRevision);
      }
      if (w.value() == null) {
        continue; // a delete's header carries the store revision, not one of its own when nothing was deleted
      }
      AckedWrite other = byRevision.putIfAbsent(w.revision(), w);
      if (other != null) {
        violations.add("acknowledged " + describe(other) + " and " + describe(w) + " share revision " + w.revision());
      }
      lastPut.merge(w.key(), w, (a, b) -> a.revision() >= b.revision() ? a : b);
    }
    lastPut.values().stream().sorted(Comparator.comparing(AckedWrite::key)).forEach(w -> {
      FinalValue f = finals.get(w.key());
      if (f == null || !f.present()) {
        if (!keysWithDeletes.contains(w.key())) {
          violations.add("key " + w.key() + " is absent at the end, although " + describe(w)
              + " was acknowledged and no delete of it was ever sent");
        }
      } else if (f.modRevision() < w.revision()) {
        violations.add("key " + w.key() + " ends at mod revision " + f.modRevision() + " = " + f.value()
            + ", older than the acknowledged " + describe(w));
      } else if (f.modRevision() == w.revision() && !Objects.equals(f.value(), w.value())) {
        violations.add("key " + w.key() + " ends with " + f.value() + " at revision " + f.modRevision()
            + " where the acknowledged " + describe(w) + " was written");
      }
    });
    return violations;
  }

  private static String describe(AckedWrite w) {
    return (w.value() == null ? "delete " + w.key() : "put " + w.key() + " = " + w.value()) + " @" + w.revision();
  }
}
