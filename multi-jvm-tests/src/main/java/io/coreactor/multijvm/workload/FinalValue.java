package io.coreactor.multijvm.workload;

/**
 * What a key holds after the run, as a linearizable read saw it: null value and zero
 * revisions when the key is absent.
 */
public record FinalValue(String key, String value, long modRevision) {

  public static FinalValue absent(String key) {
    return new FinalValue(key, null, 0);
  }

  public boolean present() {
    return value != null;
  }
}
