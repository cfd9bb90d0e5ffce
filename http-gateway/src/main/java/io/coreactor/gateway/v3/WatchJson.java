package io.coreactor.gateway.v3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coreactor.consensus.client.WatchRequest;
import io.coreactor.consensus.client.WatchResponse;
import io.coreactor.consensus.kv.Event;
import java.util.List;
import java.util.Set;

/** etcd's Watch service messages to and from JSON. */
public final class WatchJson {

  /** etcd's WatchCreateRequest.FilterType, in rpc.proto's order. */
  enum FilterType { NOPUT, NODELETE }

  /** A create request as read: the watch, and the id the client asked for (0: the server's). */
  public record Create(WatchRequest request, long watchId) {}

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Set<String> WATCH = Set.of("create_request", "cancel_request", "progress_request");
  private static final Set<String> CREATE = Set.of("key", "range_end", "start_revision",
      "progress_notify", "filters", "prev_kv", "watch_id", "fragment");

  private WatchJson() {
  }

  /**
   * The create request of a {@code /v3/watch} body. Over HTTP one stream carries one watch, so
   * cancel and progress requests, which address a watch on a running stream, are refused.
   */
  public static Create createRequest(JsonNode body) {
    ProtoReader r = ProtoReader.of(body, "etcdserverpb.WatchRequest", WATCH);
    String which = r.oneOf("create_request", "cancel_request", "progress_request");
    if (!"create_request".equals(which)) {
      throw V3Error.invalidArgument("a /v3/watch body must hold a create_request"
          + (which == null ? "" : ", not a " + which));
    }
    ProtoReader c = r.message(which, "etcdserverpb.WatchCreateRequest", CREATE);
    List<FilterType> filters = c.repeatedEnum("filters", FilterType.class);
    long watchId = c.int64("watch_id");
    if (watchId < 0) {
      throw V3Error.invalidArgument("watch_id must not be negative, got " + watchId);
    }
    c.bool("fragment");
    WatchRequest request = new WatchRequest(c.bytes("key"), c.bytes("range_end"),
        c.int64("start_revision"), c.bool("prev_kv"), filters.contains(FilterType.NOPUT),
        filters.contains(FilterType.NODELETE), c.bool("progress_notify"));
    return new Create(request, watchId);
  }

  /** One WatchResponse of the stream; {@code watchIdOverride} is the id the client chose, if any. */
  public static ObjectNode response(WatchResponse r, long watchIdOverride) {
    ArrayNode events = NODES.arrayNode();
    for (Event e : r.events()) {
      events.add(ProtoWriter.on(NODES.objectNode())
          .enumName("type", e.type())
          .message("kv", e.kv() == null ? null : KvJson.keyValue(e.kv()))
          .message("prev_kv", e.prevKv() == null ? null : KvJson.keyValue(e.prevKv()))
          .node());
    }
    return KvJson.withHeader(r.header())
        .int64("watch_id", watchIdOverride != 0 ? watchIdOverride : r.watchId())
        .bool("created", r.created())
        .bool("canceled", r.canceled())
        .int64("compact_revision", r.compactRevision())
        .string("cancel_reason", r.cancelReason())
        .repeated("events", events)
        .node();
  }
}
