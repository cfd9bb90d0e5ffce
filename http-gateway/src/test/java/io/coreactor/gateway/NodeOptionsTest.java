package io.coreactor.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** etcd-style flags override the configuration file, which overrides reference.conf. */
class NodeOptionsTest {

  @TempDir
  Path dir;

  @Test
  void flagsOverrideTheFileAndInitialClusterReplacesItWhole() throws Exception {
    Path file = dir.resolve("n.conf");
    Files.writeString(file, """
        coreactor.consensus { name = "a", data-dir = "d1", initial-cluster { a = "http://127.0.0.1:1", b = "http://127.0.0.1:2" } }
        coreactor.gateway.port = 1111
        """);
    Config c = parse("--config", file.toString(), "--name", "n2", "--data-dir", "/tmp/x",
        "--listen-client-urls", "http://127.0.0.1:22379", "--initial-cluster",
        "n1=http://127.0.0.1:12380,n2=http://127.0.0.1:22380", "--initial-cluster-state", "existing",
        "--initial-cluster-token", "t");
    assertThat(c.getString("coreactor.consensus.name")).isEqualTo("n2");
    assertThat(c.getString("coreactor.consensus.data-dir")).isEqualTo("/tmp/x");
    assertThat(c.getString("coreactor.consensus.initial-cluster-state")).isEqualTo("existing");
    assertThat(c.getString("coreactor.consensus.initial-cluster-token")).isEqualTo("t");
    assertThat(c.getConfig("coreactor.consensus.initial-cluster").root().unwrapped())
        .isEqualTo(Map.of("n1", "http://127.0.0.1:12380", "n2", "http://127.0.0.1:22380"));
    GatewaySettings gw = GatewaySettings.fromConfig(c);
    assertThat(gw.host()).isEqualTo("127.0.0.1");
    assertThat(gw.port()).isEqualTo(22379);
    assertThat(gw.clientUrls()).containsExactly("http://127.0.0.1:22379");
  }

  @Test
  void withoutFlagsTheFileAndTheDefaultsApply() throws Exception {
    Path file = dir.resolve("n.conf");
    Files.writeString(file, "coreactor.gateway.port = 1111\n");
    GatewaySettings gw = GatewaySettings.fromConfig(parse("-c", file.toString()));
    assertThat(gw.port()).isEqualTo(1111);
    assertThat(gw.host()).isEqualTo("127.0.0.1");
    assertThat(gw.maxRequestBody()).isEqualTo(2 * 1024 * 1024);
    assertThat(gw.closesIdleConnections()).isFalse();
  }

  @Test
  void theShippedConfigurationFilesLoad() {
    Path conf = Path.of(System.getProperty("user.dir")).resolveSibling("conf");
    assertThat(GatewaySettings.fromConfig(parse("-c", conf.resolve("single.conf").toString())).port()).isEqualTo(2379);
    for (int i = 1; i <= 3; i++) {
      Config c = parse("-c", conf.resolve("cluster-3/n" + i + ".conf").toString());
      assertThat(GatewaySettings.fromConfig(c).port()).isEqualTo(i * 10000 + 2379);
      assertThat(c.getString("coreactor.consensus.data-dir")).isEqualTo("data/n" + i);
      assertThat(c.getConfig("coreactor.consensus.initial-cluster").root()).hasSize(3);
    }
  }

  @Test
  void badFlagsAreExplained() {
    assertThatThrownBy(() -> parse("--listen-client-urls", "127.0.0.1:2379"))
        .hasMessageContaining("--listen-client-urls wants http://HOST:PORT");
    assertThatThrownBy(() -> parse("--initial-cluster", "n1"))
        .hasMessageContaining("--initial-cluster wants NAME=URL");
    assertThatThrownBy(() -> parse("--config", dir.resolve("missing.conf").toString()))
        .hasMessageContaining("missing.conf");
  }

  private static Config parse(String... args) {
    NodeOptions options = new NodeOptions();
    new CommandLine(options).parseArgs(args);
    return options.load();
  }
}
