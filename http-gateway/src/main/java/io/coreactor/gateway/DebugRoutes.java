package io.coreactor.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coreactor.consensus.node.FaultInjection;
import io.coreactor.consensus.server.MemberIds;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/**
 * {@code /debug/partition}, the handle of this node's Raft {@link FaultInjection} switch; it
 * exists only when {@code coreactor.consensus.fault-injection.enabled} is on. {@code POST
 * {"drop": ["<member id hex>", ...]}} cuts this node off from those members (replacing the
 * last list), {@code DELETE} heals, {@code GET} shows the list. Answers {@code {"drop": [...]}}
 * or the gateway's {@code {"error": {"code", "message"}}}.
 */
public final class DebugRoutes extends AllDirectives implements RouteProvider {

  private final FaultInjection faults;
  private final ObjectMapper json;

  public DebugRoutes(FaultInjection faults, ObjectMapper json) {
    this.faults = faults;
    this.json = json;
  }

  /** The routes when the switch is on, else none. */
  public static Optional<RouteProvider> ifEnabled(FaultInjection faults, ObjectMapper json) {
    return faults.enabled() ? Optional.of(new DebugRoutes(faults, json)) : Optional.empty();
  }

  @Override
  public Route route() {
    return pathPrefix("debug", () -> path("partition", () -> concat(
        get(() -> complete(current())),
        delete(() -> {
          faults.drop(Set.of());
          return complete(current());
        }),
        post(() -> entity(Unmarshaller.entityToString(), body -> complete(drop(body)))),
        complete(error(405, "only GET, POST and DELETE on /debug/partition")))));
  }

  private HttpResponse drop(String body) {
    JsonNode node;
    try {
      node = json.readTree(body.isBlank() ? "{}" : body);
    } catch (JsonProcessingException e) {
      return error(400, "malformed JSON: " + e.getOriginalMessage());
    }
    if (!node.isObject() || !node.path("drop").isArray()) {
      return error(400, "expected {\"drop\": [\"<member id hex>\", ...]}");
    }
    Set<Long> ids = new HashSet<>();
    for (JsonNode id : node.path("drop")) {
      try {
        if (!id.isTextual()) {
          throw new NumberFormatException();
        }
        ids.add(Long.parseUnsignedLong(id.textValue(), 16));
      } catch (NumberFormatException e) {
        return error(400, "member ids are hex strings, got " + id);
      }
    }
    faults.drop(ids);
    return current();
  }

  private HttpResponse current() {
    ObjectNode out = json.createObjectNode();
    faults.dropped().stream().sorted(Long::compareUnsigned).forEach(id -> out.withArray("drop").add(MemberIds.hex(id)));
    out.withArray("drop");
    return respond(200, out);
  }

  private HttpResponse error(int status, String message) {
    ObjectNode out = json.createObjectNode();
    out.putObject("error").put("code", status).put("message", message);
    return respond(status, out);
  }

  private HttpResponse respond(int status, ObjectNode body) {
    try {
      return HttpResponse.create().withStatus(status)
          .withEntity(ContentTypes.APPLICATION_JSON, json.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
