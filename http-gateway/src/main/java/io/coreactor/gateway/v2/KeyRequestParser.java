package io.coreactor.gateway.v2;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses a {@code /v2/keys} request the way etcd 2's {@code parseKeyRequest} does: form body
 * values first, then query values; the first value of a field wins; unknown fields are ignored;
 * each malformed field gets etcd's error code and cause.
 */
public final class KeyRequestParser {

  private KeyRequestParser() {}

  /** Parses {@code a=1&b=2} (query string or form body) into {@code into}, in order. */
  public static void parseForm(String encoded, Map<String, List<String>> into) {
    if (encoded == null || encoded.isEmpty()) {
      return;
    }
    for (String pair : encoded.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      try {
        into.computeIfAbsent(decode(name), k -> new ArrayList<>()).add(decode(value));
      } catch (IllegalArgumentException e) {
        throw V2ErrorCode.INVALID_FORM.error("invalid URL escape in " + pair, 0);
      }
    }
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  /** The form of a request: the body's fields (if form-encoded) before the query's. */
  public static Map<String, List<String>> form(String body, String rawQuery) {
    Map<String, List<String>> form = new LinkedHashMap<>();
    parseForm(body, form);
    parseForm(rawQuery, form);
    return form;
  }

  /**
   * Parses one request.
   *
   * @param method the HTTP method
   * @param rawPath the decoded path after {@code /v2/keys}
   * @throws V2Error for a malformed field, with etcd's code, cause and index 0
   */
  public static KeyRequest parse(String method, String rawPath, Map<String, List<String>> form) {
    long prevIndex = uint(form, "prevIndex", V2ErrorCode.INDEX_NAN);
    long waitIndex = uint(form, "waitIndex", V2ErrorCode.INDEX_NAN);
    boolean recursive = bool(form, "recursive");
    boolean sorted = bool(form, "sorted");
    boolean wait = bool(form, "wait");
    boolean dir = bool(form, "dir");
    boolean quorum = bool(form, "quorum");
    boolean stream = bool(form, "stream");
    if (wait && !method.equals("GET")) {
      throw V2ErrorCode.INVALID_FIELD.error("\"wait\" can only be used with GET requests", 0);
    }
    String prevValue = first(form, "prevValue");
    if (prevValue != null && prevValue.isEmpty()) {
      throw V2ErrorCode.PREV_VALUE_REQUIRED.error("\"prevValue\" cannot be empty", 0);
    }
    boolean noValueOnSuccess = bool(form, "noValueOnSuccess");
    Long ttl = null;
    String ttlText = first(form, "ttl");
    if (ttlText != null && !ttlText.isEmpty()) {
      ttl = parseUint(ttlText, V2ErrorCode.TTL_NAN, "ttl");
    }
    Boolean prevExist = null;
    if (form.containsKey("prevExist")) {
      prevExist = parseBool(first(form, "prevExist"), "invalid value for prevExist");
    }
    boolean refresh = false;
    if (form.containsKey("refresh")) {
      refresh = parseBool(first(form, "refresh"), "invalid value for refresh");
      if (refresh) {
        String v = first(form, "value");
        if (v != null && !v.isEmpty()) {
          throw V2ErrorCode.REFRESH_VALUE.error("A value was provided on a refresh", 0);
        }
        if (ttl == null) {
          throw V2ErrorCode.REFRESH_TTL_REQUIRED.error("No TTL value set", 0);
        }
      }
    }
    String value = first(form, "value");
    return new KeyRequest(method, V2Layout.clean(rawPath), value == null ? "" : value, dir,
        prevValue, prevIndex, prevExist, wait, waitIndex, recursive, sorted, quorum, stream, ttl,
        refresh, noValueOnSuccess);
  }

  private static String first(Map<String, List<String>> form, String key) {
    List<String> values = form.get(key);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  private static long uint(Map<String, List<String>> form, String key, V2ErrorCode code) {
    String v = first(form, key);
    return v == null ? 0 : parseUint(v, code, key);
  }

  private static long parseUint(String v, V2ErrorCode code, String key) {
    try {
      if (v.startsWith("+")) {
        throw new NumberFormatException(v);
      }
      return Long.parseUnsignedLong(v);
    } catch (NumberFormatException e) {
      throw code.error("invalid value for \"" + key + "\"", 0);
    }
  }

  private static boolean bool(Map<String, List<String>> form, String key) {
    String v = first(form, key);
    return v != null && parseBool(v, "invalid value for \"" + key + "\"");
  }

  /** Go's strconv.ParseBool. */
  private static boolean parseBool(String v, String cause) {
    switch (v == null ? "" : v) {
      case "1", "t", "T", "TRUE", "true", "True":
        return true;
      case "0", "f", "F", "FALSE", "false", "False":
        return false;
      default:
        throw V2ErrorCode.INVALID_FIELD.error(cause, 0);
    }
  }
}
