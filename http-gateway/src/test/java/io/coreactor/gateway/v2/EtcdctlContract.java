package io.coreactor.gateway.v2;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What etcdctl 3.4 prints in v2 mode ({@code ETCDCTL_API=2}), one test per command, against
 * whatever serves the v2 API: {@link EtcdctlV2Test} (the routes in this JVM) and
 * {@link EtcdctlClusterIT} (a 3-node cluster of real processes).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EtcdctlContract {

  Etcdctl etcdctl;

  /** How many v2 watches the servers hold now, to know a background watch has started. */
  abstract int watchers() throws Exception;

  /** Checks the output of {@code member list}. */
  abstract void checkMemberList(String out);

  /** Checks the output of {@code cluster-health}. */
  abstract void checkClusterHealth(String out);

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
    int before = watchers();
    try (Etcdctl.Background w = etcdctl.start("watch", "/watch/key")) {
      awaitWatchers(n -> n > before);
      etcdctl.run("set", "/watch/key", "changed");
      assertThat(w.await("changed", 15)).isEqualTo("changed\n");
      assertThat(w.exited(15)).isTrue();
      assertThat(w.process().exitValue()).isZero();
    }
    awaitWatchers(n -> n <= before);
  }

  @Test
  void execWatch() throws Exception {
    // A flag before the key keeps urfave/cli from moving the key behind the command.
    int before = watchers();
    try (Etcdctl.Background w = etcdctl.start("exec-watch", "--recursive", "/execwatch/key", "--",
        "sh", "-c",
        "echo \"$ETCD_WATCH_ACTION $ETCD_WATCH_KEY=$ETCD_WATCH_VALUE\"")) {
      awaitWatchers(n -> n > before);
      etcdctl.run("set", "/execwatch/key", "ran");
      assertThat(w.await("ran", 15)).as(w.err().text()).isEqualTo("set /execwatch/key=ran\n");
    }
    // exec-watch runs until stopped: once it is, its long poll must end on the server too.
    awaitWatchers(n -> n <= before);
  }

  @Test
  void memberList() throws Exception {
    Etcdctl.Result r = etcdctl.run("member", "list");
    assertThat(r.exit()).isZero();
    checkMemberList(r.out());
  }

  @Test
  void clusterHealth() throws Exception {
    Etcdctl.Result r = etcdctl.run("cluster-health");
    assertThat(r.exit()).isZero();
    checkClusterHealth(r.out());
  }

  /** Waits (bounded) until the servers' count of open v2 watches satisfies {@code ok}. */
  private void awaitWatchers(java.util.function.IntPredicate ok) throws Exception {
    long deadline = System.nanoTime() + 15_000_000_000L;
    while (!ok.test(watchers()) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(ok.test(watchers())).as("open watches: %d", watchers()).isTrue();
  }
}
