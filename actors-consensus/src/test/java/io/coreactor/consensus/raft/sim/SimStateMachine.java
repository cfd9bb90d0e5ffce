package io.coreactor.consensus.raft.sim;

import io.coreactor.consensus.raft.Entry;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The simulated application: the ordered list of applied client payload ids with a running
 * hash over every applied entry. Empty entries (leader no-ops) and membership changes only
 * move the applied index. A snapshot is the serialized list; restoring replaces it.
 */
final class SimStateMachine {

  private long appliedIndex;
  private long hash;
  private long[] payloads = new long[16];
  private int size;

  /** The state machine a snapshot describes; empty data is the empty state machine at index 0. */
  static SimStateMachine restore(byte[] data) {
    SimStateMachine sm = new SimStateMachine();
    if (data.length == 0) {
      return sm;
    }
    ByteBuffer b = ByteBuffer.wrap(data);
    sm.appliedIndex = b.getLong();
    sm.hash = b.getLong();
    sm.size = b.getInt();
    sm.payloads = new long[Math.max(16, sm.size)];
    for (int i = 0; i < sm.size; i++) {
      sm.payloads[i] = b.getLong();
    }
    return sm;
  }

  byte[] serialize() {
    ByteBuffer b = ByteBuffer.allocate(20 + 8 * size);
    b.putLong(appliedIndex).putLong(hash).putInt(size);
    for (int i = 0; i < size; i++) {
      b.putLong(payloads[i]);
    }
    return b.array();
  }

  /** Applies the next entry; a gap or a repeat is a broken contract of the core. */
  void apply(long nodeId, Entry e) {
    if (e.index() != appliedIndex + 1) {
      throw new SimulationFailure("apply order broken: node " + nodeId + " was handed " + e
          + " but its state machine is at index " + appliedIndex);
    }
    appliedIndex = e.index();
    hash = mix(hash, e);
    long id = payloadId(e);
    if (id != 0) {
      if (size == payloads.length) {
        payloads = Arrays.copyOf(payloads, size * 2);
      }
      payloads[size++] = id;
    }
  }

  /** The client payload id an entry carries, 0 for a no-op or a membership change. */
  static long payloadId(Entry e) {
    return e.type() == Entry.Type.NORMAL && e.data().length >= 8 ? ByteBuffer.wrap(e.data()).getLong() : 0;
  }

  /** The running hash after applying {@code e} on top of a state with hash {@code h}. */
  static long mix(long h, Entry e) {
    long x = h * 0x9E3779B97F4A7C15L + e.type().ordinal() + 1;
    for (byte d : e.data()) {
      x = (x ^ d) * 0x100000001B3L;
    }
    return x ^ (x >>> 29);
  }

  long appliedIndex() {
    return appliedIndex;
  }

  long hash() {
    return hash;
  }

  int size() {
    return size;
  }

  long payload(int position) {
    return payloads[position];
  }
}
