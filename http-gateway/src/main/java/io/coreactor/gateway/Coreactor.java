package io.coreactor.gateway;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import io.coreactor.consensus.client.KvClient;
import io.coreactor.consensus.node.FaultInjection;
import io.coreactor.consensus.node.NodeSettings;
import io.coreactor.consensus.server.ClusterView;
import io.coreactor.consensus.server.KvNode;
import io.coreactor.consensus.server.KvServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.settings.ServerSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One coreactor node in this JVM: the ActorSystem "coreactor" (a Pekko Cluster member at the
 * node's peer address), the etcd-compatible store on Raft, and the HTTP gateway on the client
 * URL. {@link #start} is how {@code Main} runs a node and how a JVM application embeds one.
 */
public final class Coreactor {

  /** The ActorSystem's name; every node of a cluster must use the same. */
  public static final String SYSTEM_NAME = "coreactor";

  private static final Logger log = LoggerFactory.getLogger(Coreactor.class);
  private static final Duration BIND_TIMEOUT = Duration.ofSeconds(30);
  /**
   * How long ended streams get to write their last chunk before connections are closed: a
   * stream's completion is seen before its final chunk has reached the socket.
   */
  private static final Duration STREAM_LINGER = Duration.ofMillis(300);

  private final ActorSystem<Void> system;
  private final KvNode node;
  private final String clientUrl;

  private Coreactor(ActorSystem<Void> system, KvNode node, String clientUrl) {
    this.system = system;
    this.node = node;
    this.clientUrl = clientUrl;
  }

  /**
   * Starts a node from a whole configuration (e.g. {@code ConfigFactory.load()}); returns once
   * the client API is listening. The store may still be electing a leader: {@code /health}
   * says when it is ready.
   *
   * @throws IllegalStateException if the client port cannot be bound (the node is stopped again)
   */
  public static Coreactor start(Config config) {
    GatewaySettings gateway = GatewaySettings.fromConfig(config);
    if (gateway.port() == 0) {
      gateway = gateway.withPort(freePort(gateway.host()));
    }
    ConfigValue parallelismMin = ConfigValueFactory.fromAnyRef(config.getInt("coreactor.node.dispatcher-parallelism-min"));
    Config withUrls = config
        .withValue("coreactor.consensus.client-urls", ConfigValueFactory.fromIterable(gateway.clientUrls()))
        // Over pekko-actor's reference.conf, which the fat jar's merged one puts after ours.
        .withValue("pekko.actor.default-dispatcher.fork-join-executor.parallelism-min", parallelismMin)
        .withValue("pekko.actor.internal-dispatcher.fork-join-executor.parallelism-min", parallelismMin)
        // The phase that lets requests drain must last as long as the gateway lets them.
        .withValue("pekko.coordinated-shutdown.phases.service-requests-done.timeout",
            ConfigValueFactory.fromAnyRef(gateway.shutdownTimeout().plusSeconds(1).toMillis() + "ms"));
    if (config.getBoolean("coreactor.node.io-on-default-dispatcher")) {
      withUrls = withUrls
          .withValue("pekko.io.tcp.worker-dispatcher", ConfigValueFactory.fromAnyRef("pekko.actor.default-dispatcher"))
          .withValue("pekko.remote.artery.advanced.use-dispatcher", ConfigValueFactory.fromAnyRef("pekko.actor.default-dispatcher"))
          .withValue("pekko.remote.artery.advanced.inbound-lanes", ConfigValueFactory.fromAnyRef(1));
    }
    Config full = NodeSettings.fromConfig(withUrls).clusterConfig(SYSTEM_NAME).withFallback(withUrls);
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), SYSTEM_NAME, full);
    try {
      KvNode node = KvServer.start(system, full);
      Coreactor coreactor = new Coreactor(system, node, "http://" + gateway.host() + ":" + gateway.port());
      coreactor.serve(gateway);
      return coreactor;
    } catch (RuntimeException e) {
      system.terminate();
      throw e;
    }
  }

  /** Starts a node from {@code application.conf} and the modules' reference.conf. */
  public static Coreactor start() {
    return start(ConfigFactory.load());
  }

  /** The store: KV, leases, watches. */
  public KvClient kv() {
    return node.kv();
  }

  /** The members and this member's status. */
  public ClusterView cluster() {
    return node.cluster();
  }

  /** Where this node's HTTP API listens, e.g. {@code http://127.0.0.1:2379}. */
  public String clientUrl() {
    return clientUrl;
  }

  /** Stops the node: the HTTP server, then the store, then the ActorSystem; completes when all are down. */
  public CompletionStage<Done> shutdown() {
    return CoordinatedShutdown.get(system).runAll(CoordinatedShutdown.unknownReason());
  }

  /** Completes when the node has stopped, however it was stopped (including SIGTERM). */
  public CompletionStage<Done> whenTerminated() {
    return system.getWhenTerminated();
  }

  private void serve(GatewaySettings gateway) {
    HttpMetrics metrics = HttpMetrics.standard();
    GatewayContext ctx = new GatewayContext(node.kv(), node.cluster(), gateway, Json.mapper());
    ServerSettings server = ServerSettings.create(system.settings().config());
    if (!gateway.closesIdleConnections()) {
      server = server.withTimeouts(server.getTimeouts().withIdleTimeout(scala.concurrent.duration.Duration.Inf()));
    } else {
      server = server.withTimeouts(server.getTimeouts().withIdleTimeout(
          scala.concurrent.duration.FiniteDuration.fromNanos(gateway.idleTimeout().toNanos())));
    }
    ServerBinding binding;
    try {
      binding = Http.get(system).newServerAt(gateway.host(), gateway.port()).withSettings(server)
          .bind(GatewayRoutes.standard(ctx, metrics, DebugRoutes.ifEnabled(FaultInjection.get(system), ctx.json())).route())
          .toCompletableFuture().get(BIND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot serve clients at " + clientUrl + ": " + e.getMessage(), e);
    }
    CoordinatedShutdown shutdown = CoordinatedShutdown.get(system);
    // Open watch streams end first (with their last chunk), so that draining does not wait for them.
    shutdown.addTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(), "http-end-streams",
        () -> ctx.streams().endAll().thenCompose(done -> org.apache.pekko.pattern.Patterns.after(
            STREAM_LINGER, system.classicSystem().scheduler(), system.executionContext(),
            () -> CompletableFuture.completedFuture(done))));
    shutdown.addTask(CoordinatedShutdown.PhaseServiceUnbind(), "http-unbind", () -> binding.unbind());
    shutdown.addTask(CoordinatedShutdown.PhaseServiceRequestsDone(), "http-requests-done",
        () -> binding.terminate(gateway.shutdownTimeout()).thenApply(t -> Done.getInstance()));
    shutdown.addTask(CoordinatedShutdown.PhaseServiceStop(), "kv-stop",
        () -> node.stop().exceptionally(failure -> {
          log.warn("the store did not stop cleanly", failure);
          return Done.getInstance();
        }));
    log.info("member {} serving etcd's client API at {}", node.name(), clientUrl);
  }

  /** A port nobody listens on right now, for {@code port = 0}: the member list needs it before binding. */
  private static int freePort(String host) {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(host))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port on " + host, e);
    }
  }
}
