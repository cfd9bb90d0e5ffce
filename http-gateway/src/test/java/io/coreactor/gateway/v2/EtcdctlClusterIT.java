package io.coreactor.gateway.v2;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * etcdctl in v2 mode against a 3-node coreactor cluster of real processes started with
 * {@code bin/coreactor cluster up --nodes 3} (all on 127.0.0.1), stopped with {@code cluster
 * down}. Needs the fat jar, so it runs in {@code verify} (failsafe); never skipped under CI.
 */
class EtcdctlClusterIT extends EtcdctlContract {

  private static final Pattern ENDPOINT = Pattern.compile("^\\s+n\\d+\\s+(http://127\\.0\\.0\\.1:\\d+)",
      Pattern.MULTILINE);

  private Path home;
  private Path data;
  private final List<String> endpoints = new ArrayList<>();

  @BeforeAll
  void start() throws Exception {
    Etcdctl.assumeInstalled();
    home = Path.of(System.getProperty("coreactor.home", "..")).toAbsolutePath().normalize();
    boolean ready = Files.isExecutable(home.resolve("bin/coreactor"))
        && Files.exists(Path.of(System.getProperty("coreactor.jar",
            home.resolve("http-gateway/target/coreactor.jar").toString())));
    if (!ready && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("bin/coreactor and the fat jar are needed under CI=true");
    }
    Assumptions.assumeTrue(ready, "no bin/coreactor cluster or fat jar to run against");
    data = Files.createTempDirectory("v2-etcdctl-cluster");
    String out = coreactor(240, "cluster", "up", "--nodes", "3");
    Matcher m = ENDPOINT.matcher(out);
    while (m.find()) {
      endpoints.add(m.group(1));
    }
    assertThat(endpoints).as(out).hasSize(3);
    awaitPublished();
    etcdctl = new Etcdctl(String.join(",", endpoints));
  }

  /**
   * Waits (bounded) until every member has published its client URLs through Raft, which
   * happens just after it is healthy: until then etcdctl's endpoint sync finds none.
   */
  private void awaitPublished() throws Exception {
    V2HttpClient client = new V2HttpClient(endpoints.get(0));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    int published = 0;
    while (System.nanoTime() < deadline) {
      published = 0;
      for (var m : V2HttpClient.json(client.send("GET", "/v2/members", null)).get("members")) {
        published += m.get("clientURLs").isEmpty() ? 0 : 1;
      }
      if (published == 3) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("only " + published + " of 3 members published client URLs in 60 s");
  }

  @AfterAll
  void stop() throws Exception {
    if (data != null) {
      coreactor(60, "cluster", "down");
    }
  }

  private String coreactor(long seconds, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(home.resolve("bin/coreactor").toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true)
        .redirectOutput(data.resolve("coreactor-" + args[1] + ".out").toFile());
    pb.environment().put("COREACTOR_DATA", data.toString());
    Process p = pb.start();
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("bin/coreactor " + String.join(" ", args) + " took over " + seconds
          + " s");
    }
    String out = Files.readString(data.resolve("coreactor-" + args[1] + ".out"));
    System.out.print(out);
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  @Test
  void errorCasesOverHttpOnTheProcesses() throws Exception {
    V2HttpClient a = new V2HttpClient(endpoints.get(0));
    V2HttpClient b = new V2HttpClient(endpoints.get(1));
    HttpResponse<String> set = a.send("PUT", "/v2/keys/it/dir/x", "value=1");
    assertThat(set.statusCode()).isEqualTo(201);
    assertThat(set.headers().firstValue("X-Etcd-Cluster-ID")).isPresent();
    assertThat(Long.parseLong(set.headers().firstValue("X-Raft-Term").orElseThrow())).isPositive();
    assertThat(Long.parseLong(set.headers().firstValue("X-Raft-Index").orElseThrow()))
        .isPositive();
    HttpResponse<String> cas = b.send("PUT", "/v2/keys/it/dir?prevValue=1", "value=2");
    assertThat(cas.statusCode()).isEqualTo(403);
    assertThat(V2HttpClient.json(cas).get("errorCode").asInt()).isEqualTo(102);
    HttpResponse<String> rmdir = b.send("DELETE", "/v2/keys/it/dir?dir=true", null);
    assertThat(rmdir.statusCode()).isEqualTo(403);
    assertThat(V2HttpClient.json(rmdir).get("errorCode").asInt()).isEqualTo(108);
    HttpResponse<String> ttl = a.send("PUT", "/v2/keys/it/t", "value=1&ttl=x");
    assertThat(ttl.statusCode()).isEqualTo(400);
    assertThat(V2HttpClient.json(ttl).get("errorCode").asInt()).isEqualTo(202);
    assertThat(b.send("PUT", "/v2/keys/it/u?unknown=1", "value=1&other=2").statusCode())
        .isEqualTo(201);
  }

  @Override
  int watchers() throws Exception {
    int sum = 0;
    for (String e : endpoints) {
      HttpResponse<String> r = new V2HttpClient(e).send("GET", "/v2/stats/store", null);
      sum += V2HttpClient.json(r).get("watchers").asInt();
    }
    return sum;
  }

  @Override
  void checkMemberList(String out) {
    String[] lines = out.split("\n");
    assertThat(lines).hasSize(3);
    for (String line : lines) {
      assertThat(line).matches("[0-9a-f]+: name=n[123] peerURLs=\\S+ clientURLs="
          + "http://127\\.0\\.0\\.1:\\d+ isLeader=(true|false)");
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
