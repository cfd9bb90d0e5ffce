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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/**
 * {@code /v2/members} (etcd 2's members API) and {@code /v2/machines}: parses the request, asks
 * {@link MembersService}, answers etcd's JSON (201 for an add, 204 for a remove or update) or
 * its {@code {"message"}} error.
 */
final class MembersV2Routes {

  private static final String MEMBERS = "/v2/members";

  private final MembersService members;
  private final ObjectMapper mapper;
  private final V2Http http;

  MembersV2Routes(MembersService members, ObjectMapper mapper, V2Http http) {
    this.members = members;
    this.mapper = mapper;
    this.http = http;
  }

  /** {@code /v2/machines}: the members' client URLs joined by ", ", as etcd 2 lists them. */
  Route machines() {
    return path("machines", () -> get(() -> completeWithFuture(members.list().thenApply(ms ->
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
          completeWithFuture(answer(request, rest, body).exceptionally(this::refused)));
    }));
  }

  private CompletionStage<HttpResponse> answer(HttpRequest request, String rest, String body) {
    try {
      return handle(request, rest, body);
    } catch (MembersService.Refused e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private CompletionStage<HttpResponse> handle(HttpRequest request, String rest, String body) {
    String method = request.method().value();
    if (rest.isEmpty() && (method.equals("DELETE") || method.equals("PUT"))) {
      return done(http.message(405, "Method Not Allowed"));
    }
    return switch (method) {
      case "GET" -> switch (rest) {
        case "" -> members.list().thenApply(ms -> http.json(200,
            new MemberJson.Collection(ms.stream().map(MemberJson::of).toList()), List.of()));
        case "leader" -> members.leader().thenApply(m -> http.json(200, MemberJson.of(m),
            List.of()));
        default -> done(http.message(404, "Not found"));
      };
      case "POST" -> members.add(peerUrls(request, body))
          .thenApply(m -> http.json(201, MemberJson.of(m), List.of()));
      case "DELETE" -> members.remove(rest).thenApply(v -> HttpResponse.create().withStatus(204));
      case "PUT" -> members.update(rest, peerUrls(request, body))
          .thenApply(m -> HttpResponse.create().withStatus(204));
      default -> done(http.message(405, "Method Not Allowed"));
    };
  }

  /** The {@code peerURLs} of a JSON body (etcd's MemberCreateRequest/MemberUpdateRequest). */
  private List<String> peerUrls(HttpRequest request, String body) {
    String ctype = request.entity().getContentType().mediaType().toString();
    if (!ctype.equals("application/json")) {
      throw new MembersService.Refused(415,
          "Bad Content-Type " + ctype + ", accept application/json");
    }
    JsonNode peers;
    try {
      peers = mapper.readTree(body).path("peerURLs");
    } catch (Exception e) {
      throw new MembersService.Refused(400, "invalid JSON body: " + e.getMessage());
    }
    if (!peers.isMissingNode() && !peers.isArray()) {
      throw new MembersService.Refused(400, "peerURLs must be a list of URLs");
    }
    List<String> urls = new ArrayList<>();
    peers.forEach(u -> urls.add(u.asText()));
    return urls;
  }

  private HttpResponse refused(Throwable e) {
    Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    return c instanceof MembersService.Refused r ? http.message(r.status(), r.getMessage())
        : http.message(500, "Internal Server Error");
  }

  private static CompletionStage<HttpResponse> done(HttpResponse r) {
    return CompletableFuture.completedFuture(r);
  }
}
