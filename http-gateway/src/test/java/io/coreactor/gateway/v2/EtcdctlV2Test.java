package io.coreactor.gateway.v2;

import static org.assertj.core.api.Assertions.assertThat;

import io.coreactor.consensus.server.MemberIds;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * etcdctl 3.4 in v2 mode against the v2 routes bound on 127.0.0.1 over an in-memory store: one
 * test per command, each asserting what etcdctl prints.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EtcdctlV2Test {

  private V2TestServer server;
  private Etcdctl etcdctl;

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

  @Test
  void set() throws Exception {
    Etcdctl.Result r = etcdctl.run("set", "/set/key", "hello");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).isEqualTo("hello\n");
  }

  @Test
  void get() throws Exception {
    etcdctl.run("set", "/get/key", "value1");
    Etcdctl.Result r = etcdctl.run("get", "/get/key");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).isEqualTo("value1\n");
    Etcdctl.Result missing = etcdctl.run("get", "/get/missing");
    assertThat(missing.exit()).isNotZero();
    assertThat(missing.err()).startsWith("Error:  100: Key not found (/get/missing) [");
  }

  @Test
  void mk() throws Exception {
    Etcdctl.Result r = etcdctl.run("mk", "/mk/key", "first");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).isEqualTo("first\n");
    Etcdctl.Result again = etcdctl.run("mk", "/mk/key", "second");
    assertThat(again.exit()).isNotZero();
    assertThat(again.err()).startsWith("Error:  105: Key already exists (/mk/key) [");
  }

  @Test
  void mkdir() throws Exception {
    Etcdctl.Result r = etcdctl.run("mkdir", "/mkdir/dir");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).isEmpty();
    assertThat(etcdctl.run("ls", "/mkdir").out()).isEqualTo("/mkdir/dir\n");
    assertThat(etcdctl.run("get", "/mkdir/dir").err()).isEqualTo("/mkdir/dir: is a directory\n");
  }

  @Test
  void update() throws Exception {
    etcdctl.run("set", "/update/key", "old");
    Etcdctl.Result r = etcdctl.run("update", "/update/key", "new");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).isEqualTo("new\n");
    Etcdctl.Result missing = etcdctl.run("update", "/update/none", "x");
    assertThat(missing.err()).startsWith("Error:  100: Key not found (/update/none) [");
  }

  @Test
  void rm() throws Exception {
    etcdctl.run("set", "/rm/key", "bye");
    Etcdctl.Result r = etcdctl.run("rm", "/rm/key");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).isEqualTo("PrevNode.Value: bye\n");
    assertThat(etcdctl.run("get", "/rm/key").err()).startsWith("Error:  100: Key not found");
  }

  @Test
  void rmdir() throws Exception {
    etcdctl.run("mkdir", "/rmdir/empty");
    etcdctl.run("set", "/rmdir/full/x", "1");
    Etcdctl.Result r = etcdctl.run("rmdir", "/rmdir/empty");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).isEmpty();
    Etcdctl.Result full = etcdctl.run("rmdir", "/rmdir/full");
    assertThat(full.exit()).isNotZero();
    assertThat(full.err()).startsWith("Error:  108: Directory not empty (/rmdir/full) [");
  }

  @Test
  void lsRecursive() throws Exception {
    etcdctl.run("set", "/ls/a", "1");
    etcdctl.run("set", "/ls/sub/b", "2");
    etcdctl.run("set", "/ls/_hidden", "3");
    Etcdctl.Result r = etcdctl.run("ls", "--recursive", "/ls");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).isEqualTo("/ls/a\n/ls/sub\n/ls/sub/b\n");
  }

  @Test
  void watch() throws Exception {
    etcdctl.run("set", "/watch/key", "before");
    try (Etcdctl.Background w = etcdctl.start("watch", "/watch/key")) {
      awaitWatcher();
      etcdctl.run("set", "/watch/key", "changed");
      assertThat(w.await("changed", 15)).isEqualTo("changed\n");
      assertThat(w.exited(15)).isTrue();
      assertThat(w.process().exitValue()).isZero();
    }
  }

  @Test
  void execWatch() throws Exception {
    // A flag before the key keeps urfave/cli from moving the key behind the command.
    try (Etcdctl.Background w = etcdctl.start("exec-watch", "--recursive", "/execwatch/key", "--",
        "sh", "-c",
        "echo \"$ETCD_WATCH_ACTION $ETCD_WATCH_KEY=$ETCD_WATCH_VALUE\"")) {
      awaitWatcher();
      etcdctl.run("set", "/execwatch/key", "ran");
      assertThat(w.await("ran", 15)).as(w.err().text()).isEqualTo("set /execwatch/key=ran\n");
    }
  }

  @Test
  void memberList() throws Exception {
    Etcdctl.Result r = etcdctl.run("member", "list");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).isEqualTo(MemberIds.hex(server.cluster.memberId())
        + ": name=n1 peerURLs=http://127.0.0.1:2380 clientURLs=" + server.url + " isLeader=true\n");
  }

  @Test
  void clusterHealth() throws Exception {
    Etcdctl.Result r = etcdctl.run("cluster-health");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).isEqualTo("member " + MemberIds.hex(server.cluster.memberId())
        + " is healthy: got healthy result from " + server.url + "\ncluster is healthy\n");
  }

  /** Waits (bounded) until the background etcdctl's long poll reached the store. */
  private void awaitWatcher() throws InterruptedException {
    long deadline = System.nanoTime() + 15_000_000_000L;
    int before = server.kv.watcherCount();
    while (server.kv.watcherCount() <= before && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(server.kv.watcherCount()).isGreaterThan(before);
  }
}
