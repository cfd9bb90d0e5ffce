package io.coreactor.consensus.raft;

import java.util.TreeMap;

/**
 * The configuration in force after each index where it changed, back to the latest snapshot,
 * so that a snapshot taken at any applied index records the configuration of that index.
 */
final class ConfHistory {

  private final TreeMap<Long, ConfState> byIndex = new TreeMap<>();

  ConfHistory(long index, ConfState conf) {
    byIndex.put(index, conf);
  }

  void record(long index, ConfState conf) {
    byIndex.put(index, conf);
  }

  /** The configuration in force at {@code index} (which must not precede the snapshot). */
  ConfState at(long index) {
    return byIndex.floorEntry(index).getValue();
  }

  /** Forgets what precedes {@code index}, keeping what is in force there. */
  void compactTo(long index) {
    byIndex.headMap(byIndex.floorKey(index)).clear();
  }

  /** Starts over from a snapshot's configuration. */
  void resetTo(long index, ConfState conf) {
    byIndex.clear();
    byIndex.put(index, conf);
  }
}
