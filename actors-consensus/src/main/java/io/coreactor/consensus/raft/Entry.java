package io.coreactor.consensus.raft;

import java.util.Arrays;

/** One Raft log entry: a client payload or a membership change, at an index in a term. */
public record Entry(long index, long term, Type type, byte[] data) {

  /** What an entry carries. A leader's no-op is a NORMAL entry with empty data. */
  public enum Type { NORMAL, CONF_CHANGE }

  private static final byte[] EMPTY = new byte[0];

  public Entry {
    if (type == null) {
      type = Type.NORMAL;
    }
    if (data == null) {
      data = EMPTY;
    }
  }

  public static Entry normal(long index, long term, byte[] data) {
    return new Entry(index, term, Type.NORMAL, data);
  }

  /** Approximate size in bytes, for batching limits. */
  public long size() {
    return data.length + 24L;
  }

  /** True for the empty entry a new leader appends to commit its term. */
  public boolean isNoop() {
    return type == Type.NORMAL && data.length == 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Entry e && e.index == index && e.term == term && e.type == type
        && Arrays.equals(e.data, data);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(index) * 31 + Long.hashCode(term) * 17 + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "Entry[" + index + "@" + term + " " + type + " " + data.length + "B]";
  }
}
