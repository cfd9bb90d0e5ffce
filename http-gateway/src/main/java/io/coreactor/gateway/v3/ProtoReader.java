package io.coreactor.gateway.v3;

import com.fasterxml.jackson.databind.JsonNode;
import io.coreactor.consensus.kv.Bytes;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads one JSON object as a proto3 message the way grpc-gateway's jsonpb does: fields by their
 * proto name or its lowerCamelCase JSON name, null as absent, bytes as base64, 64-bit integers
 * as JSON numbers or decimal strings, enums by name or number. Stricter than jsonpb in one way:
 * an unknown field is an error, so a misspelt option is never silently ignored. Every problem
 * is an InvalidArgument {@link V3Error} naming the field and the message type.
 */
public final class ProtoReader {

  /** Each message type's JSON names (proto and lowerCamelCase) to proto names, built once per type. */
  private static final Map<Set<String>, Map<String, String>> NAMES = new ConcurrentHashMap<>();

  private final String type;
  private final Map<String, JsonNode> fields;

  private ProtoReader(String type, Map<String, JsonNode> fields) {
    this.type = type;
    this.fields = fields;
  }

  /**
   * Reads {@code node} as a message of {@code type} (e.g. "etcdserverpb.PutRequest") with the
   * given proto field names; a missing node is the empty message.
   */
  public static ProtoReader of(JsonNode node, String type, Set<String> protoNames) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return new ProtoReader(type, Map.of());
    }
    if (!node.isObject()) {
      throw V3Error.invalidArgument("expected a JSON object for " + type + ", got " + kind(node));
    }
    Map<String, String> names = NAMES.computeIfAbsent(protoNames, ProtoReader::jsonNames);
    Map<String, JsonNode> fields = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String proto = names.get(e.getKey());
      if (proto == null) {
        throw V3Error.invalidArgument("unknown field \"" + e.getKey() + "\" in " + type);
      }
      if (e.getValue().isNull()) {
        continue;
      }
      if (fields.put(proto, e.getValue()) != null) {
        throw V3Error.invalidArgument("field \"" + proto + "\" given twice in " + type);
      }
    }
    return new ProtoReader(type, fields);
  }

  public boolean has(String field) {
    return fields.containsKey(field);
  }

  public Bytes bytes(String field) {
    JsonNode n = fields.get(field);
    if (n == null) {
      return Bytes.EMPTY;
    }
    return Bytes.copyOf(base64(n, field));
  }

  public long int64(String field) {
    JsonNode n = fields.get(field);
    if (n == null) {
      return 0;
    }
    if (n.isIntegralNumber() && n.canConvertToLong()) {
      return n.longValue();
    }
    if (n.isTextual()) {
      try {
        return Long.parseLong(n.textValue().trim());
      } catch (NumberFormatException e) {
        throw bad(field, "a 64-bit integer", n);
      }
    }
    throw bad(field, "a 64-bit integer", n);
  }

  public boolean bool(String field) {
    JsonNode n = fields.get(field);
    if (n == null) {
      return false;
    }
    if (!n.isBoolean()) {
      throw bad(field, "true or false", n);
    }
    return n.booleanValue();
  }

  /** An enum by its proto name (which is the Java constant's) or its number (the ordinal). */
  public <E extends Enum<E>> E enumValue(String field, Class<E> enumType, E zero) {
    JsonNode n = fields.get(field);
    if (n == null) {
      return zero;
    }
    E[] all = enumType.getEnumConstants();
    if (n.isTextual()) {
      for (E e : all) {
        if (e.name().equals(n.textValue())) {
          return e;
        }
      }
    } else if (n.isIntegralNumber() && n.canConvertToInt() && n.intValue() >= 0 && n.intValue() < all.length) {
      return all[n.intValue()];
    }
    throw bad(field, "one of " + List.of(all), n);
  }

  /** A nested message, or the empty message when absent. */
  public ProtoReader message(String field, String nestedType, Set<String> protoNames) {
    return of(fields.get(field), nestedType, protoNames);
  }

  /** The elements of a repeated field; empty when absent. */
  public List<JsonNode> repeated(String field) {
    JsonNode n = fields.get(field);
    if (n == null) {
      return List.of();
    }
    if (!n.isArray()) {
      throw bad(field, "a JSON array", n);
    }
    List<JsonNode> out = new ArrayList<>(n.size());
    n.forEach(out::add);
    return out;
  }

  /** The enum elements of a repeated enum field. */
  public <E extends Enum<E>> List<E> repeatedEnum(String field, Class<E> enumType) {
    List<E> out = new ArrayList<>();
    for (JsonNode element : repeated(field)) {
      if (element == null || element.isNull()) {
        throw bad(field, "a list of " + List.of(enumType.getEnumConstants()), element == null
            ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : element);
      }
      Map<String, JsonNode> one = Map.of(field, element);
      out.add(new ProtoReader(type, one).enumValue(field, enumType, null));
    }
    return out;
  }

  /** The name of the message type, for error messages. */
  public String type() {
    return type;
  }

  /** Fails unless at most one of the fields of a proto oneof is given; returns the one given. */
  public String oneOf(String... candidates) {
    String given = null;
    for (String c : candidates) {
      if (fields.containsKey(c)) {
        if (given != null) {
          throw V3Error.invalidArgument("fields \"" + given + "\" and \"" + c + "\" of one oneof both set in " + type);
        }
        given = c;
      }
    }
    return given;
  }

  private byte[] base64(JsonNode n, String field) {
    if (!n.isTextual()) {
      throw bad(field, "a base64 string", n);
    }
    String s = n.textValue();
    try {
      // jsonpb takes standard or URL-safe base64, padded or not.
      boolean urlSafe = s.indexOf('-') >= 0 || s.indexOf('_') >= 0;
      return (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(s);
    } catch (IllegalArgumentException e) {
      throw V3Error.invalidArgument("bad base64 in field \"" + field + "\" of " + type + ": " + e.getMessage());
    }
  }

  private V3Error bad(String field, String expected, JsonNode got) {
    return V3Error.invalidArgument("field \"" + field + "\" of " + type + " must be " + expected
        + ", got " + kind(got) + " " + abbreviate(got.toString()));
  }

  private static String kind(JsonNode n) {
    return switch (n.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      default -> n.getNodeType().name().toLowerCase();
    };
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }

  private static Map<String, String> jsonNames(Set<String> protoNames) {
    Map<String, String> names = new HashMap<>();
    for (String proto : protoNames) {
      names.put(proto, proto);
      names.put(lowerCamel(proto), proto);
    }
    return Map.copyOf(names);
  }

  static String lowerCamel(String protoName) {
    StringBuilder b = new StringBuilder(protoName.length());
    boolean upper = false;
    for (char c : protoName.toCharArray()) {
      if (c == '_') {
        upper = true;
      } else {
        b.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return b.toString();
  }
}
