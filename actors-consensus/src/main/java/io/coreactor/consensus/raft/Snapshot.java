package io.coreactor.consensus.raft;

/**
 * A state machine snapshot with its position in the log. Data is opaque to Raft; an empty
 * array means the empty state machine (used for the bootstrap snapshot at index 0 that
 * records the initial voters).
 */
public record Snapshot(SnapshotMeta meta, byte[] data) {

  public Snapshot {
    if (data == null) {
      data = new byte[0];
    }
  }

  public long index() {
    return meta.index();
  }

  public long term() {
    return meta.term();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Snapshot s && s.meta.equals(meta) && java.util.Arrays.equals(s.data, data);
  }

  @Override
  public int hashCode() {
    return meta.hashCode() * 31 + java.util.Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "Snapshot[" + meta + ", " + data.length + "B]";
  }
}
