package coreactor.bench;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The wire bytes of every request the benchmark sends: etcd's v3 JSON gateway (keys and values
 * base64-encoded, as grpc-gateway expects) and the v2 keys API. Built whole, so that a request
 * leaves in a single write.
 */
final class Request {
  /** Where v2 keys live; v3 keys are the bare 8 bytes. */
  static final String V2_DIR = "/v2/keys/bench/";

  private Request() {}

  static byte[] v3Put(Endpoint e, String key, String value) {
    return post(e, "/v3/kv/put", "{\"key\":\"" + b64(key) + "\",\"value\":\"" + b64(value) + "\"}");
  }

  static byte[] v3Range(Endpoint e, String key, boolean serializable) {
    String body = "{\"key\":\"" + b64(key) + "\"" + (serializable ? ",\"serializable\":true}" : "}");
    return post(e, "/v3/kv/range", body);
  }

  static byte[] v3Status(Endpoint e) {
    return post(e, "/v3/maintenance/status", "{}");
  }

  /** A watch on every key that starts with prefix (range_end is the prefix's successor). */
  static byte[] v3WatchPrefix(Endpoint e, String prefix) {
    String body = "{\"create_request\":{\"key\":\"" + b64(prefix) + "\",\"range_end\":\""
        + b64(prefixEnd(prefix)) + "\"}}";
    return post(e, "/v3/watch", body);
  }

  static byte[] v2Put(Endpoint e, String key, String value) {
    // keys and values are [a-z0-9], so the form body needs no escaping
    return request(e, "PUT", V2_DIR + key, "application/x-www-form-urlencoded", "value=" + value);
  }

  static byte[] v2Get(Endpoint e, String key) {
    return request(e, "GET", V2_DIR + key, null, null);
  }

  static byte[] get(Endpoint e, String path) {
    return request(e, "GET", path, null, null);
  }

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String prefixEnd(String prefix) {
    char last = prefix.charAt(prefix.length() - 1);
    return prefix.substring(0, prefix.length() - 1) + (char) (last + 1);
  }

  private static byte[] post(Endpoint e, String path, String json) {
    return request(e, "POST", path, "application/json", json);
  }

  private static byte[] request(Endpoint e, String method, String path, String type, String body) {
    StringBuilder sb = new StringBuilder(512);
    sb.append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
        .append("Host: ").append(e.host()).append(':').append(e.port()).append("\r\n");
    if (body != null) {
      sb.append("Content-Type: ").append(type).append("\r\n")
          .append("Content-Length: ").append(body.length()).append("\r\n");
    }
    sb.append("\r\n");
    if (body != null) {
      sb.append(body); // ASCII only, so length in chars is length in bytes
    }
    return sb.toString().getBytes(StandardCharsets.US_ASCII);
  }
}
