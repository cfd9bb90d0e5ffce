package io.coreactor.gateway.v2;

import static org.assertj.core.api.Assertions.assertThat;

import io.coreactor.consensus.server.MemberIds;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** etcdctl in v2 mode against the v2 routes bound on 127.0.0.1 over an in-memory store. */
class EtcdctlV2Test extends EtcdctlContract {

  private V2TestServer server;

  @BeforeAll
  void start() throws Exception {
    Etcdctl.assumeInstalled();
    server = new V2TestServer();
    etcdctl = new Etcdctl(server.url);
  }

  @AfterAll
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Override
  int watchers() {
    return server.kv.watcherCount();
  }

  @Override
  void checkMemberList(String out) {
    assertThat(out).isEqualTo(MemberIds.hex(server.cluster.memberId())
        + ": name=n1 peerURLs=http://127.0.0.1:2380 clientURLs=" + server.url + " isLeader=true\n");
  }

  @Override
  void checkClusterHealth(String out) {
    assertThat(out).isEqualTo("member " + MemberIds.hex(server.cluster.memberId())
        + " is healthy: got healthy result from " + server.url + "\ncluster is healthy\n");
  }
}
