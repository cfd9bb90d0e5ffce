package io.coreactor.gateway;

import org.apache.pekko.http.javadsl.server.Route;

/** One family of HTTP routes (v3, v2, node endpoints, later fleet …); the gateway tries them in order. */
@FunctionalInterface
public interface RouteProvider {

  Route route();
}
