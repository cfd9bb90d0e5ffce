package io.coreactor.gateway.v2;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coreactor.consensus.server.NodeStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.util.ByteString;

/**
 * Renders v2 answers as etcd 2 writes them: JSON bodies ending in a newline, and the
 * {@code X-Etcd-*} / {@code X-Raft-*} headers.
 */
final class V2Http {

  private final ObjectMapper mapper;
  private final long clusterId;

  V2Http(ObjectMapper mapper, long clusterId) {
    this.mapper = mapper;
    this.clusterId = clusterId;
  }

  ByteString json(Object value) {
    try {
      byte[] bytes = mapper.writeValueAsBytes(value);
      return ByteString.fromArray(bytes).concat(ByteString.fromString("\n"));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render " + value.getClass().getSimpleName(), e);
    }
  }

  HttpResponse json(int status, Object value, List<HttpHeader> headers) {
    List<HttpHeader> all = new ArrayList<>(headers);
    all.add(RawHeader.create("X-Etcd-Cluster-ID", Long.toHexString(clusterId)));
    return HttpResponse.create().withStatus(status).addHeaders(all)
        .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, json(value)));
  }

  /** A keys answer: 201 for a create, the event's index and the member's Raft position. */
  HttpResponse event(V2Event ev, boolean noValueOnSuccess, NodeStatus status) {
    boolean write = switch (ev.action()) {
      case "set", "create", "update", "compareAndSwap" -> true;
      default -> false;
    };
    V2Event shown = noValueOnSuccess && write ? ev.withoutNodes() : ev;
    return json(ev.isCreated() ? 201 : 200, shown, indexHeaders(ev.index(), status));
  }

  HttpResponse error(V2Error e) {
    return json(e.status(), e.body(),
        List.of(RawHeader.create("X-Etcd-Index", Long.toString(e.index()))));
  }

  /** The members API's errors: {@code {"message": ...}}. */
  HttpResponse message(int status, String message) {
    return json(status, Map.of("message", message), List.of());
  }

  static List<HttpHeader> indexHeaders(long etcdIndex, NodeStatus status) {
    return List.of(
        RawHeader.create("X-Etcd-Index", Long.toString(etcdIndex)),
        RawHeader.create("X-Raft-Index", Long.toString(status == null ? 0 : status.raftIndex())),
        RawHeader.create("X-Raft-Term", Long.toString(status == null ? 0 : status.raftTerm())));
  }
}
