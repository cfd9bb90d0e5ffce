package io.coreactor.consensus.server;

import java.util.List;

/**
 * One member of the cluster as etcd reports it: its id, name, the URLs its peers reach it at
 * and the URLs clients reach it at (empty until the member has started and published them).
 */
public record Member(long id, String name, List<String> peerUrls, List<String> clientUrls, boolean learner) {

  public Member {
    name = name == null ? "" : name;
    peerUrls = List.copyOf(peerUrls);
    clientUrls = List.copyOf(clientUrls);
  }
}
