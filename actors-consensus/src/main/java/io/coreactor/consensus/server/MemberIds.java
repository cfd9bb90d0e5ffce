package io.coreactor.consensus.server;

import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * Member ids derived from peer URLs (as etcd derives them from peer URLs and the cluster
 * token), so a member added through the API and the node that then joins agree on its id
 * without being told. Never 0.
 */
public final class MemberIds {

  private MemberIds() {}

  /** FNV-1a 64 of the cluster token and the peer URL, with the sign bit cleared. */
  public static long fromPeerUrl(String clusterToken, String peerUrl) {
    return fnv(clusterToken + "/" + peerUrl);
  }

  /**
   * The cluster id every founding member computes alike (etcd hashes the sorted peer URLs and
   * the token): FNV-1a 64 of the token and the sorted initial peer URLs, sign bit cleared.
   */
  public static long clusterId(String clusterToken, Collection<String> initialPeerUrls) {
    return fnv(clusterToken + "|" + String.join(",", initialPeerUrls.stream().sorted().toList()));
  }

  private static long fnv(String text) {
    long h = 0xcbf29ce484222325L;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    h &= Long.MAX_VALUE;
    return h == 0 ? 1 : h;
  }

  /** The id in etcd's printed form: lower-case hex without leading zeros. */
  public static String hex(long id) {
    return Long.toHexString(id);
  }
}
