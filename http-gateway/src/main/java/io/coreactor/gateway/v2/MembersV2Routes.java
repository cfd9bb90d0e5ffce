package io.coreactor.gateway.v2;

import static org.apache.pekko.http.javadsl.server.Directives.completeWithFuture;
import static org.apache.pekko.http.javadsl.server.Directives.entity;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.reject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coreactor.consensus.kv.KvError;
import io.coreactor.consensus.kv.KvException;
import io.coreactor.consensus.server.ClusterView;
import io.coreactor.consensus.server.Member;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/**
 * {@code /v2/members} (etcd 2's members API) and {@code /v2/machines} through {@link ClusterView}: list, leader, add
 * (201 with the new member), remove and update (204), with etcd's 400/404/409/415 answers;
 * an unavailable cluster answers 503.
 */
final class MembersV2Routes {

  private static final String MEMBERS = "/v2/members";

  private final ClusterView cluster;
  private final ObjectMapper mapper;
  private final V2Http http;

  MembersV2Routes(ClusterView cluster, ObjectMapper mapper, V2Http http) {
    this.cluster = cluster;
    this.mapper = mapper;
    this.http = http;
  }

  /** {@code /v2/machines}: the members' client URLs joined by ", ", as etcd 2 lists them. */
  Route machines() {
    return path("machines", () -> get(() -> completeWithFuture(cluster.members().thenApply(ms ->
        HttpResponse.create().withEntity(HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8,
            String.join(", ", ms.stream().flatMap(m -> m.clientUrls().stream()).toList())))))));
  }

  Route route() {
    return pathPrefix("members", () -> extractRequest(request -> {
      String path = request.getUri().path();
      if (!path.equals(MEMBERS) && !path.startsWith(MEMBERS + "/")) {
        return reject();
      }
      String rest = path.substring(MEMBERS.length()).replaceFirst("^/", "");
      return entity(Unmarshaller.entityToString(), body ->
          completeWithFuture(handle(request, rest, body)
              .exceptionally(e -> failure(e, 500))));
    }));
  }

  private CompletionStage<HttpResponse> handle(HttpRequest request, String rest, String body) {
    return switch (request.method().value()) {
      case "GET" -> switch (rest) {
        case "" -> cluster.members().thenApply(ms -> http.json(200,
            new MemberJson.Collection(ms.stream().map(MemberJson::of).toList()), List.of()));
        case "leader" -> leader();
        default -> done(http.message(404, "Not found"));
      };
      case "POST" -> withUrls(request, body, urls -> cluster.addMember(urls, false)
          .thenApply(m -> http.json(201, MemberJson.of(m), List.of()))
          .exceptionally(e -> failure(e, 409)));
      case "DELETE" -> withMember(rest, id -> cluster.removeMember(id)
          .thenApply(v -> HttpResponse.create().withStatus(204))
          .exceptionally(e -> failure(e, 404)));
      case "PUT" -> withMember(rest, id -> withUrls(request, body, urls ->
          cluster.updateMember(id, urls)
              .thenApply(m -> HttpResponse.create().withStatus(204))
              .exceptionally(e -> failure(e, 409))));
      default -> done(http.message(405, "Method Not Allowed"));
    };
  }

  private CompletionStage<HttpResponse> leader() {
    return cluster.status().thenCompose(st -> {
      if (st.leader() == 0) {
        return done(http.message(503, "During election"));
      }
      return cluster.members().thenApply(ms -> ms.stream().filter(m -> m.id() == st.leader())
          .findFirst()
          .map(m -> http.json(200, MemberJson.of(m), List.of()))
          .orElse(http.message(503, "During election")));
    });
  }

  /** Runs {@code action} on the hex member id in the path, if such a member exists. */
  private CompletionStage<HttpResponse> withMember(
      String rest, Function<Long, CompletionStage<HttpResponse>> action) {
    if (rest.isEmpty()) {
      return done(http.message(405, "Method Not Allowed"));
    }
    long id;
    try {
      id = Long.parseUnsignedLong(rest, 16);
    } catch (NumberFormatException e) {
      return done(http.message(404, "No such member: " + rest));
    }
    return cluster.members().thenCompose((List<Member> ms) ->
        ms.stream().anyMatch(m -> m.id() == id) ? action.apply(id)
            : done(http.message(404, "No such member: " + rest)));
  }

  /** Runs {@code action} on the {@code peerURLs} of a JSON body, checked as etcd checks them. */
  private CompletionStage<HttpResponse> withUrls(
      HttpRequest request, String body, Function<List<String>, CompletionStage<HttpResponse>> action) {
    String ctype = request.entity().getContentType().mediaType().toString();
    if (!ctype.equals("application/json")) {
      return done(http.message(415, "Bad Content-Type " + ctype + ", accept application/json"));
    }
    List<String> urls = new ArrayList<>();
    try {
      JsonNode peers = mapper.readTree(body).path("peerURLs");
      if (!peers.isMissingNode() && !peers.isArray()) {
        throw new IllegalArgumentException("peerURLs must be a list of URLs");
      }
      peers.forEach(u -> urls.add(u.asText()));
      return action.apply(MemberJson.validUrls(urls));
    } catch (IllegalArgumentException e) {
      return done(http.message(400, e.getMessage()));
    } catch (Exception e) {
      return done(http.message(400, "invalid JSON body: " + e.getMessage()));
    }
  }

  /** A ClusterView failure: bad input gets {@code badInput}, an unavailable cluster 503. */
  private HttpResponse failure(Throwable e, int badInput) {
    Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    if (c instanceof IllegalArgumentException) {
      return http.message(badInput, c.getMessage());
    }
    if (c instanceof KvException k && k.error().code() == KvError.Code.UNAVAILABLE) {
      return http.message(503, k.getMessage());
    }
    return http.message(500, "Internal Server Error");
  }

  private static CompletionStage<HttpResponse> done(HttpResponse r) {
    return CompletableFuture.completedFuture(r);
  }
}
