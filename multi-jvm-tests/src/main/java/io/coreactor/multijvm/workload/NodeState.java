package io.coreactor.multijvm.workload;

/**
 * What one node reports about its store, for the convergence check: its own (serializable)
 * revision and its HashKV hash and the revision that hash covers.
 */
public record NodeState(String node, long revision, long hash, long hashRevision) {

  @Override
  public String toString() {
    return node + "{revision=" + revision + ", hash=" + Long.toHexString(hash) + "@" + hashRevision + "}";
  }
}
