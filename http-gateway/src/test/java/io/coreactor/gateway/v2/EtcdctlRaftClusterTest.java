package io.coreactor.gateway.v2;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * etcdctl in v2 mode against three real members (Raft, LevelDB, leases, watches) in this JVM,
 * each serving the v2 routes on 127.0.0.1; etcdctl syncs to their published client URLs.
 */
class EtcdctlRaftClusterTest extends EtcdctlContract {

  private RaftV2Cluster cluster;

  @BeforeAll
  void start(@TempDir Path data) throws Exception {
    Etcdctl.assumeInstalled();
    cluster = new RaftV2Cluster(data);
    cluster.awaitReady();
    etcdctl = new Etcdctl(String.join(",", cluster.urls()));
  }

  @AfterAll
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Override
  int watchers() throws Exception {
    int sum = 0;
    for (String url : cluster.urls()) {
      HttpResponse<String> r = new V2HttpClient(url).send("GET", "/v2/stats/store", null);
      sum += V2HttpClient.json(r).get("watchers").asInt();
    }
    return sum;
  }

  @Override
  void checkMemberList(String out) {
    String[] lines = out.split("\n");
    assertThat(lines).hasSize(3);
    for (String line : lines) {
      assertThat(line).matches("[0-9a-f]+: name=n[123] peerURLs=http://127\\.0\\.0\\.1:\\d+ "
          + "clientURLs=http://127\\.0\\.0\\.1:\\d+ isLeader=(true|false)");
    }
    assertThat(out.split("isLeader=true", -1)).hasSize(2);
  }

  @Override
  void checkClusterHealth(String out) {
    String[] lines = out.split("\n");
    assertThat(lines).hasSize(4);
    for (int i = 0; i < 3; i++) {
      assertThat(lines[i]).matches(
          "member [0-9a-f]+ is healthy: got healthy result from http://127\\.0\\.0\\.1:\\d+");
    }
    assertThat(lines[3]).isEqualTo("cluster is healthy");
  }
}
