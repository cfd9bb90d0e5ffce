package io.coreactor.gateway;

import static io.coreactor.gateway.testing.HttpJson.await;
import static io.coreactor.gateway.testing.HttpJson.b64;
import static io.coreactor.gateway.testing.HttpJson.unb64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.coreactor.gateway.testing.HttpJson;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/coreactor cluster up --nodes 3} as a user runs it: three real node processes from
 * the fat jar, talked to over HTTP, then {@code cluster down}. Runs in Maven's integration-test
 * phase (failsafe), after {@code package} built {@code target/coreactor.jar}.
 */
class ClusterLauncherIT {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final List<String> URLS =
      List.of("http://127.0.0.1:12379", "http://127.0.0.1:22379", "http://127.0.0.1:32379");

  private static Path home;
  private static Path data;

  @BeforeAll
  static void clusterUp() throws Exception {
    String jar = System.getProperty("coreactor.jar", "target/coreactor.jar");
    assumeTrue(new File(jar).isFile(), "needs the fat jar: run through mvn verify");
    home = Path.of(System.getProperty("coreactor.home", "..")).toAbsolutePath().normalize();
    data = home.resolve("http-gateway/target/it-data");
    deleteTree(data);
    Result up = launcher(Duration.ofSeconds(240), "cluster", "up", "--nodes", "3");
    assertThat(up.exit()).as("cluster up:\n" + up.output()).isZero();
    assertThat(up.output()).contains("http://127.0.0.1:12379", "http://127.0.0.1:22379", "http://127.0.0.1:32379");
  }

  @AfterAll
  static void clusterDown() throws Exception {
    if (home != null) {
      Result down = launcher(Duration.ofSeconds(120), "cluster", "down");
      assertThat(down.exit()).as("cluster down:\n" + down.output()).isZero();
      assertThat(launcher(Duration.ofSeconds(30), "cluster", "status").output()).contains("no cluster members");
    }
  }

  @Test
  void writeToOneReadFromAnotherAndAWatchOnTheThirdSeesIt() throws Exception {
    HttpJson n1 = new HttpJson(URLS.get(0));
    HttpJson n2 = new HttpJson(URLS.get(1));
    HttpJson n3 = new HttpJson(URLS.get(2));
    try (HttpJson.Lines watch = n3.stream("/v3/watch", "{'create_request':{'key':'" + b64("greeting") + "'}}")) {
      assertThat(watch.next(WAIT).path("result").path("created").asBoolean()).isTrue();

      HttpJson.Reply put = n1.post("/v3/kv/put", "{'key':'" + b64("greeting") + "','value':'" + b64("hello") + "'}");
      assertThat(put.status()).isEqualTo(200);
      long revision = put.body().path("header").path("revision").asLong();

      JsonNode read = n2.post("/v3/kv/range", "{'key':'" + b64("greeting") + "'}").body();
      assertThat(unb64(read.path("kvs").get(0).path("value").asText())).isEqualTo("hello");
      assertThat(read.path("header").path("revision").asLong()).isGreaterThanOrEqualTo(revision);

      JsonNode event = watch.next(WAIT).path("result").path("events").get(0);
      assertThat(unb64(event.path("kv").path("value").asText())).isEqualTo("hello");
      assertThat(event.path("kv").path("mod_revision").asLong()).isEqualTo(revision);
    }
  }

  @Test
  void everyMemberReportsTheSameClusterAndLeader() {
    JsonNode first = new HttpJson(URLS.get(0)).post("/v3/maintenance/status", "{}").body();
    for (String url : URLS) {
      HttpJson http = new HttpJson(url);
      assertThat(http.get("/health").body().path("health").asText()).isEqualTo("true");
      await(WAIT, "agreement on the leader", () ->
          http.post("/v3/maintenance/status", "{}").body().path("leader").equals(first.path("leader")));
      JsonNode members = http.post("/v3/cluster/member/list", "{}").body();
      assertThat(members.path("header").path("cluster_id")).isEqualTo(first.path("header").path("cluster_id"));
      assertThat(members.path("members")).hasSize(3);
    }
  }

  @Test
  void statusListsTheRunningMembers() throws Exception {
    String status = launcher(Duration.ofSeconds(60), "cluster", "status").output();
    assertThat(status).contains("n1", "n2", "n3").contains("{\"health\":\"true\"}");
  }

  @Test
  void aRestartedClusterKeepsItsData() throws Exception {
    HttpJson.Reply put = new HttpJson(URLS.get(0)).post("/v3/kv/put",
        "{'key':'" + b64("durable") + "','value':'" + b64("kept") + "'}");
    assertThat(put.status()).isEqualTo(200);
    Result down = launcher(Duration.ofSeconds(120), "cluster", "down");
    assertThat(down.exit()).as("cluster down:\n" + down.output()).isZero();
    Result up = launcher(Duration.ofSeconds(240), "cluster", "up", "--nodes", "3");
    assertThat(up.exit()).as("cluster up again:\n" + up.output()).isZero();
    for (String url : URLS) {
      JsonNode read = new HttpJson(url).post("/v3/kv/range", "{'key':'" + b64("durable") + "'}").body();
      assertThat(unb64(read.path("kvs").get(0).path("value").asText())).as(url).isEqualTo("kept");
    }
  }

  @Test
  void aClusterSizeWithoutConfigurationIsRefused() throws Exception {
    Result up = launcher(Duration.ofSeconds(60), "cluster", "up", "--nodes", "7");
    assertThat(up.exit()).isNotZero();
    assertThat(up.output()).contains("no configuration for 7 nodes");
  }

  record Result(int exit, String output) {}

  static Result launcher(Duration timeout, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(home.resolve("bin/coreactor").toString()));
    command.addAll(List.of(args));
    Path log = Files.createTempFile("coreactor-launcher", ".log");
    ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().put("COREACTOR_DATA", data.toString());
    builder.environment().put("COREACTOR_START_TIMEOUT", "150");
    Process p = builder.start();
    boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (!done) {
      p.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    Files.deleteIfExists(log);
    return new Result(done ? p.exitValue() : -1, output);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (var paths = Files.walk(dir)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }
}
