package io.coreactor.gateway.v3;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/** A request message without fields (LeaseLeasesRequest, StatusRequest, etcd 3.4's MemberListRequest). */
public record EmptyRequest(String type) {

  /** Reads a body that must be empty or {@code {}}: any field in it is unknown. */
  public static EmptyRequest read(JsonNode body, String type) {
    ProtoReader.of(body, type, Set.of());
    return new EmptyRequest(type);
  }
}
