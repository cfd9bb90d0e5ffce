package io.coreactor.multijvm;

import io.coreactor.consensus.server.MemberIds;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/** One node of a {@link LocalCluster}: its addresses, directories and, while it runs, its process. */
public final class ClusterNode {

  private final String name;
  private final int slot;
  private final String host;
  private final int clientPort;
  private final int peerPort;
  private final long memberId;
  private final Path dir;
  private final EtcdClient client;
  private volatile Process process;
  private volatile boolean paused;

  ClusterNode(String name, int slot, String host, int clientPort, int peerPort, String clusterToken, Path dir) {
    this.name = name;
    this.slot = slot;
    this.host = host;
    this.clientPort = clientPort;
    this.peerPort = peerPort;
    this.memberId = MemberIds.fromPeerUrl(clusterToken, peerUrl());
    this.dir = dir;
    this.client = new EtcdClient(clientUrl());
  }

  /** "n1", "n2", ... */
  public String name() {
    return name;
  }

  /** The Raft member id, as the member list reports it (derived from the peer URL and cluster token). */
  public long memberId() {
    return memberId;
  }

  /** The member id as etcd prints it (hex). */
  public String memberIdHex() {
    return MemberIds.hex(memberId);
  }

  /** Where the test JVM reaches this node's client API. */
  public URI clientUrl() {
    return URI.create("http://" + host + ":" + clientPort);
  }

  public String peerUrl() {
    return "http://" + host + ":" + peerPort;
  }

  /** The address the node listens on (its namespace's address in NETNS mode, else 127.0.0.1). */
  public String host() {
    return host;
  }

  /** The process is alive (a paused one counts as running). */
  public boolean isRunning() {
    Process p = process;
    return p != null && p.isAlive();
  }

  public boolean isPaused() {
    return paused && isRunning();
  }

  /** The JVM's pid, -1 when not running. */
  public long pid() {
    Process p = process;
    return p != null && p.isAlive() ? p.pid() : -1;
  }

  public Path dataDir() {
    return dir.resolve("data");
  }

  /** stdout and stderr of every incarnation, appended. */
  public Path logFile() {
    return dir.resolve("node.log");
  }

  /** A v3 JSON client bound to this node. */
  public EtcdClient client() {
    return client;
  }

  /** The last {@code lines} lines of the log ("" when there is none). */
  public String logTail(int lines) {
    Path log = logFile();
    if (!Files.isRegularFile(log)) {
      return "";
    }
    try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
      long length = f.length();
      long from = Math.max(0, length - 256L * 1024);
      byte[] bytes = new byte[(int) (length - from)];
      f.seek(from);
      f.readFully(bytes);
      String[] all = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
      Deque<String> tail = new ArrayDeque<>();
      for (int i = all.length - 1; i >= 0 && tail.size() < lines; i--) {
        if (!(i == all.length - 1 && all[i].isEmpty())) {
          tail.addFirst(all[i]);
        }
      }
      return String.join("\n", tail);
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }

  @Override
  public String toString() {
    return name + "(" + memberIdHex() + " @ " + clientUrl() + (isRunning() ? ", pid " + pid() : ", down")
        + (isPaused() ? ", paused" : "") + ")";
  }

  // ---- for LocalCluster

  int slot() {
    return slot;
  }

  int clientPort() {
    return clientPort;
  }

  Path dir() {
    return dir;
  }

  Process process() {
    return process;
  }

  void started(Process p) {
    this.process = p;
    this.paused = false;
  }

  void paused(boolean value) {
    this.paused = value;
  }
}
