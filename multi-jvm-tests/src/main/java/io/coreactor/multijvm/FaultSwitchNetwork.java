package io.coreactor.multijvm;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * FAULT_SWITCH mode: nodes on 127.0.0.1 with free ports; a partition is the fault switch in
 * each node's Raft transport (enabled by {@code coreactor.consensus.fault-injection.enabled})
 * driven through the node's debug endpoint {@code /debug/partition}. Only Raft messages are
 * dropped: Pekko's own cluster traffic keeps flowing.
 */
final class FaultSwitchNetwork implements PeerNetwork {

  static final String HOST = "127.0.0.1";

  @Override
  public PartitionMode mode() {
    return PartitionMode.FAULT_SWITCH;
  }

  @Override
  public String describe() {
    return "FAULT_SWITCH (nodes on " + HOST + ", Raft messages dropped by each node's fault switch)";
  }

  @Override
  public Endpoint allocate(int slot, String name) {
    return new Endpoint(HOST, freePort(), freePort());
  }

  @Override
  public void prepare(ClusterNode node) {
  }

  @Override
  public List<String> launchPrefix(ClusterNode node) {
    return List.of();
  }

  @Override
  public List<String> systemProperties() {
    return List.of("-Dcoreactor.consensus.fault-injection.enabled=true");
  }

  @Override
  public boolean apply(ClusterNode node, Set<ClusterNode> blocked) {
    if (!node.isRunning() || node.isPaused()) {
      return false;
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(node.clientUrl().resolve("/debug/partition"))
        .timeout(Duration.ofSeconds(2));
    if (blocked.isEmpty()) {
      request.DELETE();
    } else {
      String ids = blocked.stream().map(n -> "\"" + n.memberIdHex() + "\"").collect(Collectors.joining(","));
      request.header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"drop\":[" + ids + "]}"));
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      try {
        HttpResponse<String> r = node.client().send(request.build(), "fault switch of " + node.name());
        if (r.statusCode() / 100 != 2) {
          throw new IllegalStateException("fault switch of " + node.name() + " answered " + r.statusCode()
              + ": " + r.body() + " (is coreactor.consensus.fault-injection.enabled on?)");
        }
        return true;
      } catch (EtcdClient.EtcdException e) {
        if (!node.isRunning()) {
          return false;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("cannot reach the fault switch of " + node, e);
        }
        Poll.nap();
      }
    }
  }

  @Override
  public void close() {
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port on " + HOST, e);
    }
  }
}
