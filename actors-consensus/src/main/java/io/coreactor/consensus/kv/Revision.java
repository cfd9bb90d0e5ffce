package io.coreactor.consensus.kv;

/**
 * A point in the store's history: {@code main} is the store revision a write transaction
 * created, {@code sub} the position of a change inside that transaction (etcd's mvcc revision).
 */
public record Revision(long main, long sub) implements Comparable<Revision> {

  @Override
  public int compareTo(Revision o) {
    int c = Long.compare(main, o.main);
    return c != 0 ? c : Long.compare(sub, o.sub);
  }

  @Override
  public String toString() {
    return main + "." + sub;
  }
}
