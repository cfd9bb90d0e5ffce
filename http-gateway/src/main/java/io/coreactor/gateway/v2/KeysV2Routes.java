package io.coreactor.gateway.v2;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.completeWithFuture;
import static org.apache.pekko.http.javadsl.server.Directives.entity;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.reject;

import io.coreactor.consensus.server.ClusterView;
import io.coreactor.consensus.server.NodeStatus;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/**
 * {@code /v2/keys}: parses a request ({@link KeyRequestParser}), asks {@link KeysService} or
 * {@link KeyWatcher}, and maps the answer to etcd 2's status, headers and JSON.
 */
final class KeysV2Routes {

  private static final String KEYS = "/v2/keys";
  private static final Set<String> METHODS = Set.of("HEAD", "GET", "PUT", "POST", "DELETE");

  private final KeysService keys;
  private final KeyWatcher watcher;
  private final ClusterView cluster;
  private final V2Http http;

  KeysV2Routes(KeysService keys, KeyWatcher watcher, ClusterView cluster, V2Http http) {
    this.keys = keys;
    this.watcher = watcher;
    this.cluster = cluster;
    this.http = http;
  }

  /** The route under {@code /v2}. */
  Route route() {
    Route keys = extractRequest(request -> {
      String path = request.getUri().path();
      if (!path.equals(KEYS) && !path.startsWith(KEYS + "/")) {
        return reject();
      }
      String method = request.method().value();
      if (!METHODS.contains(method)) {
        return complete(HttpResponse.create().withStatus(405)
            .addHeader(RawHeader.create("Allow", "GET, HEAD, POST, PUT, DELETE"))
            .withEntity(HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8, "Method Not Allowed")));
      }
      return entity(Unmarshaller.entityToString(), body ->
          completeWithFuture(handle(request, method, path.substring(KEYS.length()), body)));
    });
    return pathPrefix("keys", () -> keys);
  }

  private CompletionStage<HttpResponse> handle(HttpRequest request, String method, String path,
                                               String body) {
    boolean form = request.entity().getContentType().mediaType()
        .equals(MediaTypes.APPLICATION_X_WWW_FORM_URLENCODED);
    KeyRequest req;
    try {
      req = KeyRequestParser.parse(method, path, KeyRequestParser.form(form ? body : "",
          request.getUri().rawQueryString().orElse("")));
    } catch (V2Error e) {
      return CompletableFuture.completedFuture(http.error(e));
    }
    CompletionStage<HttpResponse> answer = switch (req.kind()) {
      case WATCH -> watch(req);
      case GET -> keys.get(req).thenCompose(ev -> respond(ev, false));
      default -> keys.write(req).thenCompose(ev -> respond(ev, req.noValueOnSuccess()));
    };
    return answer.exceptionally(e -> http.error(KeysService.toV2(e)));
  }

  private CompletionStage<HttpResponse> respond(V2Event ev, boolean noValueOnSuccess) {
    return status().thenApply(st -> http.event(ev, noValueOnSuccess, st));
  }

  private CompletionStage<HttpResponse> watch(KeyRequest req) {
    // Headers go out at once, as etcd flushes them before the first event of a long poll.
    return watcher.start(req).thenApply(w -> HttpResponse.create().withStatus(200)
        .addHeaders(V2Http.indexHeaders(w.index(), w.status()))
        .addHeader(RawHeader.create("X-Etcd-Cluster-ID", Long.toHexString(cluster.clusterId())))
        .withEntity(HttpEntities.createChunked(ContentTypes.APPLICATION_JSON, w.events())));
  }

  /** This member's Raft position for the headers; null if it cannot tell right now. */
  private CompletionStage<NodeStatus> status() {
    return cluster.status().exceptionally(e -> null);
  }
}
