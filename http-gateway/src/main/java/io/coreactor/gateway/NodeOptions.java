package io.coreactor.gateway;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.File;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The {@code coreactor node} flags, named as etcd names them, and how they override the
 * configuration file: a flag wins over the file, the file over the modules' reference.conf.
 */
public final class NodeOptions {

  @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "HOCON configuration file (see conf/).")
  File config;

  @Option(names = "--name", description = "This member's name (coreactor.consensus.name).")
  String name;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the Raft log and snapshots live.")
  String dataDir;

  @Option(names = "--listen-client-urls", paramLabel = "URL",
      description = "Where the client API listens, e.g. http://127.0.0.1:2379.")
  String listenClientUrl;

  @Option(names = "--advertise-client-urls", paramLabel = "URLS", split = ",",
      description = "Client URLs this member publishes (default: the listen URL).")
  List<String> advertiseClientUrls;

  @Option(names = {"--listen-peer-urls", "--initial-advertise-peer-urls"}, paramLabel = "URL",
      description = "This member's peer URL when --initial-cluster does not name it.")
  String peerUrl;

  @Option(names = "--initial-cluster", paramLabel = "NAME=URL,...",
      description = "The founding members, e.g. n1=http://127.0.0.1:12380,n2=http://127.0.0.1:22380.")
  String initialCluster;

  @Option(names = "--initial-cluster-state", paramLabel = "new|existing",
      description = "new: found the cluster; existing: join a running one.")
  String initialClusterState;

  @Option(names = "--initial-cluster-token", paramLabel = "TOKEN", description = "Distinguishes clusters.")
  String initialClusterToken;

  /** The whole configuration: flags over the file over reference.conf (and system properties over all). */
  public Config load() {
    Config file = config == null ? ConfigFactory.empty() : ConfigFactory.parseFile(config).resolve();
    if (config != null && !config.isFile()) {
      throw new IllegalArgumentException("no configuration file " + config);
    }
    if (initialCluster != null) {
      // The flag replaces the file's list; HOCON would otherwise merge the two.
      file = file.withoutPath("coreactor.consensus.initial-cluster");
    }
    return ConfigFactory.load(overrides().withFallback(file));
  }

  Config overrides() {
    Map<String, Object> o = new LinkedHashMap<>();
    put(o, "coreactor.consensus.name", name);
    put(o, "coreactor.consensus.data-dir", dataDir);
    put(o, "coreactor.consensus.peer-url", peerUrl);
    put(o, "coreactor.consensus.initial-cluster-state", initialClusterState);
    put(o, "coreactor.consensus.initial-cluster-token", initialClusterToken);
    if (listenClientUrl != null) {
      URI uri = url(listenClientUrl, "--listen-client-urls");
      o.put("coreactor.gateway.host", uri.getHost());
      o.put("coreactor.gateway.port", uri.getPort());
    }
    if (advertiseClientUrls != null) {
      o.put("coreactor.gateway.advertise-client-urls", advertiseClientUrls);
    }
    Config flags = ConfigFactory.parseMap(o, "command line");
    if (initialCluster != null) {
      Map<String, String> members = new LinkedHashMap<>();
      for (String entry : initialCluster.split(",")) {
        String[] kv = entry.trim().split("=", 2);
        if (kv.length != 2 || kv[0].isBlank()) {
          throw new IllegalArgumentException("--initial-cluster wants NAME=URL,..., got \"" + entry + "\"");
        }
        url(kv[1], "--initial-cluster");
        members.put(kv[0], kv[1]);
      }
      flags = flags.withValue("coreactor.consensus.initial-cluster", ConfigValueFactory.fromMap(members));
    }
    return flags;
  }

  private static void put(Map<String, Object> o, String path, String value) {
    if (value != null) {
      o.put(path, value);
    }
  }

  private static URI url(String value, String flag) {
    URI uri;
    try {
      uri = new URI(value.trim());
    } catch (java.net.URISyntaxException e) {
      uri = null;
    }
    if (uri == null || !"http".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0) {
      throw new IllegalArgumentException(flag + " wants http://HOST:PORT URLs, got \"" + value + "\"");
    }
    return uri;
  }
}
