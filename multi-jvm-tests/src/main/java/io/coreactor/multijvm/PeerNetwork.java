package io.coreactor.multijvm;

import java.util.List;
import java.util.Set;

/** Where a cluster's nodes listen and how peer links between them are cut: one per {@link PartitionMode}. */
interface PeerNetwork extends AutoCloseable {

  /** A node's addresses: the host it listens on, its client and peer ports. */
  record Endpoint(String host, int clientPort, int peerPort) {}

  PartitionMode mode();

  /** One line for logs and reports, e.g. "NETNS bridge cab1x0 10.77.3.0/24". */
  String describe();

  /** The addresses of the node in {@code slot} (1, 2, ...); called once per node. */
  Endpoint allocate(int slot, String name);

  /** Makes the node's network ready (its namespace), before its first start. */
  void prepare(ClusterNode node);

  /** What the node's command line starts with (e.g. {@code ip netns exec NS}). */
  List<String> launchPrefix(ClusterNode node);

  /** JVM system properties the node needs for this mode (e.g. the fault switch on). */
  List<String> systemProperties();

  /**
   * Makes {@code node} exchange no peer traffic with {@code blocked} (empty: with everyone).
   * False when it could not be applied now (the node is down or paused); it is applied again
   * when the node starts or resumes.
   */
  boolean apply(ClusterNode node, Set<ClusterNode> blocked);

  /** Removes everything this network created. */
  @Override
  void close();
}
