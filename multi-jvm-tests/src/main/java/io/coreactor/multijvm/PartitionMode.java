package io.coreactor.multijvm;

/**
 * How {@link LocalCluster} cuts peer links. {@link #NETNS}: every node in its own network
 * namespace on a bridge, a partition is blackhole routes made with iproute2 (needs root).
 * {@link #FAULT_SWITCH}: nodes on 127.0.0.1, a partition is each node's Raft transport told
 * to drop messages to and from the other side (works anywhere; Pekko's own traffic flows on).
 */
public enum PartitionMode {
  NETNS,
  FAULT_SWITCH;

  /** NETNS as root, FAULT_SWITCH otherwise (also under CI=true: never skip, fall back). */
  public static PartitionMode auto() {
    return Netns.isRoot() && Netns.ipAvailable() ? NETNS : FAULT_SWITCH;
  }
}
