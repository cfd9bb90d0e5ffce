package io.coreactor.gateway;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.List;

/**
 * The gateway's settings, read from {@code coreactor.gateway} (reference.conf documents each).
 *
 * @param host interface the client API binds to
 * @param port client API port; 0 picks a free one (tests)
 * @param requestTimeout longest a request waits for the store before it is answered 503
 * @param maxRequestBody largest request body read; larger ones are refused with a 400
 * @param watchBuffer responses a slow watch client may fall behind before its stream is cut
 * @param idleTimeout idle connections are closed after this; may be infinite for watches
 * @param shutdownTimeout how long in-flight requests get to finish when the node stops
 * @param advertiseClientUrls client URLs published in the member list; empty: the bound address
 */
public record GatewaySettings(String host, int port, Duration requestTimeout, long maxRequestBody,
                              int watchBuffer, Duration idleTimeout, Duration shutdownTimeout,
                              List<String> advertiseClientUrls) {

  public GatewaySettings {
    advertiseClientUrls = List.copyOf(advertiseClientUrls);
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("request-timeout must be positive: " + requestTimeout);
    }
    if (maxRequestBody <= 0 || watchBuffer <= 0) {
      throw new IllegalArgumentException("max-request-body and watch-buffer must be positive");
    }
  }

  /** Reads {@code coreactor.gateway} from a whole configuration. */
  public static GatewaySettings fromConfig(Config root) {
    Config c = root.getConfig("coreactor.gateway");
    Duration idle = c.getString("idle-timeout").equals("infinite")
        ? null : c.getDuration("idle-timeout");
    return new GatewaySettings(c.getString("host"), c.getInt("port"), c.getDuration("request-timeout"),
        c.getBytes("max-request-body"), c.getInt("watch-buffer"), idle, c.getDuration("shutdown-timeout"),
        c.getStringList("advertise-client-urls"));
  }

  /** The same settings on another port (the one actually bound, when 0 was asked for). */
  public GatewaySettings withPort(int boundPort) {
    return new GatewaySettings(host, boundPort, requestTimeout, maxRequestBody, watchBuffer, idleTimeout,
        shutdownTimeout, advertiseClientUrls);
  }

  /** The URLs clients are told to use: the advertised ones, else the bound address. */
  public List<String> clientUrls() {
    return advertiseClientUrls.isEmpty() ? List.of("http://" + host + ":" + port) : advertiseClientUrls;
  }

  /** Whether idle connections are ever closed ({@code idle-timeout = infinite} says no). */
  public boolean closesIdleConnections() {
    return idleTimeout != null;
  }
}
