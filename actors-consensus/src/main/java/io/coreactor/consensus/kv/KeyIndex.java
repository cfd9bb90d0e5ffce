package io.coreactor.consensus.kv;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The revisions of one key, grouped in generations (etcd's {@code keyIndex}). A generation runs
 * from the put that created the key to the delete that ended it; every generation but the last
 * ends with that delete's tombstone, and the last one is open (empty while the key is deleted).
 */
final class KeyIndex {

  private final List<List<Revision>> generations = new ArrayList<>();

  KeyIndex() {
    generations.add(new ArrayList<>());
  }

  private List<Revision> open() {
    return generations.get(generations.size() - 1);
  }

  void put(Revision rev) {
    open().add(rev);
  }

  void tombstone(Revision rev) {
    if (open().isEmpty()) {
      throw new IllegalStateException("tombstone " + rev + " for a key that does not exist");
    }
    open().add(rev);
    generations.add(new ArrayList<>());
  }

  /** The revision holding the key's version at {@code atRev}, or null if it did not exist then. */
  Revision get(long atRev) {
    int last = generations.size() - 1;
    for (int gi = last; gi >= 0; gi--) {
      List<Revision> g = generations.get(gi);
      if (g.isEmpty()) {
        continue;
      }
      if (gi != last && g.get(g.size() - 1).main() <= atRev) {
        return null; // the generation's delete happened by atRev, and later ones started after
      }
      if (g.get(0).main() <= atRev) {
        for (int i = g.size() - 1; i >= 0; i--) {
          if (g.get(i).main() <= atRev) {
            return g.get(i);
          }
        }
      }
    }
    return null;
  }

  /**
   * Forgets what no read at {@code atRev} or later can see, telling {@code drop} each revision
   * forgotten: generations deleted by then, tombstone included, and in the generation alive at
   * atRev every version before the one visible there (etcd's {@code keyIndex.compact}).
   */
  void compact(long atRev, Consumer<Revision> drop) {
    int gi = 0;
    while (gi < generations.size() - 1) {
      List<Revision> g = generations.get(gi);
      if (g.get(g.size() - 1).main() > atRev) {
        break;
      }
      g.forEach(drop);
      gi++;
    }
    generations.subList(0, gi).clear();
    List<Revision> g = generations.get(0);
    int visible = g.size() - 1;
    while (visible >= 0 && g.get(visible).main() > atRev) {
      visible--;
    }
    if (visible > 0) {
      List<Revision> older = g.subList(0, visible);
      older.forEach(drop);
      older.clear();
    }
  }

  /** True when nothing is left: the key is deleted and its history compacted away. */
  boolean isEmpty() {
    return generations.size() == 1 && generations.get(0).isEmpty();
  }
}
