package io.coreactor.gateway.v3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coreactor.consensus.kv.Bytes;
import java.util.Base64;

/**
 * Writes a proto3 message as grpc-gateway's jsonpb does (etcd 3.4: proto field names, no
 * defaults): zero values are left out, 64-bit integers are decimal strings, bytes are base64,
 * enums are names. Sub-messages that are set are written even when empty.
 */
public final class ProtoWriter {

  private final ObjectNode node;

  private ProtoWriter(ObjectNode node) {
    this.node = node;
  }

  public static ProtoWriter on(ObjectNode node) {
    return new ProtoWriter(node);
  }

  public ObjectNode node() {
    return node;
  }

  public ProtoWriter int64(String field, long value) {
    if (value != 0) {
      node.put(field, Long.toString(value));
    }
    return this;
  }

  public ProtoWriter uint64(String field, long value) {
    if (value != 0) {
      node.put(field, Long.toUnsignedString(value));
    }
    return this;
  }

  public ProtoWriter bool(String field, boolean value) {
    if (value) {
      node.put(field, true);
    }
    return this;
  }

  public ProtoWriter bytes(String field, Bytes value) {
    if (value != null && !value.isEmpty()) {
      node.put(field, base64(value));
    }
    return this;
  }

  public ProtoWriter string(String field, String value) {
    if (value != null && !value.isEmpty()) {
      node.put(field, value);
    }
    return this;
  }

  /** An enum by name; its first constant is proto's zero value and is left out. */
  public ProtoWriter enumName(String field, Enum<?> value) {
    if (value != null && value.ordinal() != 0) {
      node.put(field, value.name());
    }
    return this;
  }

  public ProtoWriter message(String field, JsonNode value) {
    if (value != null) {
      node.set(field, value);
    }
    return this;
  }

  public ProtoWriter repeated(String field, ArrayNode values) {
    if (values != null && !values.isEmpty()) {
      node.set(field, values);
    }
    return this;
  }

  public static String base64(Bytes value) {
    return Base64.getEncoder().encodeToString(value.toByteArray());
  }
}
