package io.coreactor.multijvm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A client of one node's etcd v3 JSON gateway (java.net.http, keep-alive); thread-safe. Every
 * call has a per-request timeout (2 s unless {@link #withTimeout}). Outcomes are classed so
 * that histories are recorded right: a normal return is the server's success;
 * {@link Refused} means definitely not applied (connection refused, or an error answered
 * before proposing: HTTP 4xx); {@link Indeterminate} means it may or may not have been applied
 * (timeout, connection lost after sending, 5xx such as "request timed out").
 */
public final class EtcdClient {

  /** Any failed call. */
  public static class EtcdException extends RuntimeException {
    EtcdException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The request was definitely not applied. */
  public static final class Refused extends EtcdException {
    Refused(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The request may or may not have been applied. */
  public static final class Indeterminate extends EtcdException {
    Indeterminate(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** One key's current version, as etcd's mvccpb.KeyValue (values as UTF-8 strings). */
  public record KeyValue(String key, String value, long createRevision, long modRevision, long version, long lease) {}

  /** etcd's response header. */
  public record Header(long clusterId, long memberId, long revision, long raftTerm) {}

  /** One member's maintenance status. */
  public record Status(long memberId, long leader, long raftTerm, long raftIndex, long revision, boolean isLeader) {}

  /** etcd's HashKV answer: the hash of the store's history through {@code revision}. */
  public record HashKv(long hash, long revision, long compactRevision) {}

  /** One member as the member list shows it. */
  public record Member(long id, String name, List<String> peerUrls, List<String> clientUrls) {
    public Member {
      peerUrls = List.copyOf(peerUrls);
      clientUrls = List.copyOf(clientUrls);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  private final URI base;
  private final HttpClient http;
  private final Duration timeout;

  /** A client of the node at {@code base} (e.g. {@code http://127.0.0.1:2379}). */
  public EtcdClient(URI base) {
    this(base, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(DEFAULT_TIMEOUT).build(), DEFAULT_TIMEOUT);
  }

  private EtcdClient(URI base, HttpClient http, Duration timeout) {
    this.base = base;
    this.http = http;
    this.timeout = timeout;
  }

  /** A copy with another per-request timeout (sharing the connections). */
  public EtcdClient withTimeout(Duration timeout) {
    return new EtcdClient(base, http, timeout);
  }

  /** The node's client URL. */
  public URI baseUrl() {
    return base;
  }

  public Header put(String key, String value) {
    return put(key, value, 0);
  }

  /** A put; {@code header().revision()} is the put's revision. */
  public Header put(String key, String value, long leaseId) {
    ObjectNode body = JSON.createObjectNode().put("key", b64(key)).put("value", b64(value));
    if (leaseId != 0) {
      body.put("lease", Long.toString(leaseId));
    }
    return header(call("/v3/kv/put", body));
  }

  /** A linearizable read of one key. */
  public Optional<KeyValue> get(String key) {
    return first(range(utf8(key), null, false));
  }

  /** A serializable (member-local) read of one key. */
  public Optional<KeyValue> getSerializable(String key) {
    return first(range(utf8(key), null, true));
  }

  /** Every key starting with {@code prefix} ({@code ""}: every key), in key order. */
  public List<KeyValue> range(String prefix, boolean serializable) {
    byte[] key = prefix.isEmpty() ? new byte[] {0} : utf8(prefix);
    return range(key, prefixEnd(key), serializable);
  }

  /** The store's current revision as this node sees it. */
  public long revision(boolean serializable) {
    ObjectNode body = JSON.createObjectNode().put("key", b64("\0")).put("count_only", true)
        .put("serializable", serializable);
    return header(call("/v3/kv/range", body)).revision();
  }

  public Header delete(String key) {
    return header(call("/v3/kv/deleterange", JSON.createObjectNode().put("key", b64(key))));
  }

  /**
   * One txn: if {@code key}'s value is {@code expected} (or, for null, the key is absent), put
   * {@code newValue}; true when it did.
   */
  public boolean compareAndSet(String key, String expected, String newValue) {
    ObjectNode compare = JSON.createObjectNode().put("key", b64(key)).put("result", "EQUAL");
    if (expected == null) {
      compare.put("target", "CREATE").put("create_revision", "0");
    } else {
      compare.put("target", "VALUE").put("value", b64(expected));
    }
    ObjectNode body = JSON.createObjectNode();
    body.putArray("compare").add(compare);
    body.putArray("success").addObject().putObject("request_put").put("key", b64(key)).put("value", b64(newValue));
    return call("/v3/kv/txn", body).path("succeeded").asBoolean(false);
  }

  /** Grants a lease; returns its id. */
  public long leaseGrant(long ttlSeconds) {
    return call("/v3/lease/grant", JSON.createObjectNode().put("TTL", Long.toString(ttlSeconds))).path("ID").asLong();
  }

  /** One keep-alive; {@link Refused} when the lease is unknown (etcd's TTL 0 answer). */
  public void leaseKeepAliveOnce(long leaseId) {
    JsonNode reply = call("/v3/lease/keepalive", JSON.createObjectNode().put("ID", Long.toString(leaseId)));
    JsonNode result = reply.has("result") ? reply.path("result") : reply;
    if (result.path("TTL").asLong(0) <= 0) {
      throw new Refused("lease " + leaseId + " not found", null);
    }
  }

  public void leaseRevoke(long leaseId) {
    call("/v3/lease/revoke", JSON.createObjectNode().put("ID", Long.toString(leaseId)));
  }

  /** POST /v3/maintenance/status. */
  public Status status() {
    JsonNode r = call("/v3/maintenance/status", JSON.createObjectNode());
    long member = r.path("header").path("member_id").asLong();
    long leader = r.path("leader").asLong();
    return new Status(member, leader, r.path("raftTerm").asLong(), r.path("raftIndex").asLong(),
        r.path("header").path("revision").asLong(), leader != 0 && leader == member);
  }

  /** POST /v3/maintenance/hashkv with revision 0 (the current one). */
  public HashKv hashKv() {
    JsonNode r = call("/v3/maintenance/hashkv", JSON.createObjectNode().put("revision", "0"));
    return new HashKv(r.path("hash").asLong(), r.path("header").path("revision").asLong(),
        r.path("compact_revision").asLong());
  }

  /** POST /v3/cluster/member/list. */
  public List<Member> members() {
    List<Member> out = new ArrayList<>();
    for (JsonNode m : call("/v3/cluster/member/list", JSON.createObjectNode()).path("members")) {
      out.add(new Member(Long.parseUnsignedLong(m.path("ID").asText("0")), m.path("name").asText(""),
          strings(m.path("peerURLs")), strings(m.path("clientURLs"))));
    }
    return out;
  }

  // ---- plumbing

  private List<KeyValue> range(byte[] key, byte[] rangeEnd, boolean serializable) {
    ObjectNode body = JSON.createObjectNode().put("key", b64(key)).put("serializable", serializable);
    if (rangeEnd != null) {
      body.put("range_end", b64(rangeEnd));
    }
    List<KeyValue> out = new ArrayList<>();
    for (JsonNode kv : call("/v3/kv/range", body).path("kvs")) {
      out.add(new KeyValue(unb64(kv.path("key").asText("")), unb64(kv.path("value").asText("")),
          kv.path("create_revision").asLong(), kv.path("mod_revision").asLong(), kv.path("version").asLong(),
          kv.path("lease").asLong()));
    }
    return out;
  }

  /** POSTs {@code body}; the answer's JSON (a stream's first line), or the classed failure. */
  JsonNode call(String path, ObjectNode body) {
    HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build();
    HttpResponse<String> response = send(request, path);
    String text = response.body();
    if (response.statusCode() == 200) {
      return parse(firstLine(text), path);
    }
    String message = path + " answered " + response.statusCode() + ": " + text.strip();
    if (response.statusCode() >= 400 && response.statusCode() < 500) {
      throw new Refused(message, null);
    }
    throw new Indeterminate(message, null);
  }

  /** Any HTTP request to the node (e.g. the debug endpoint), with the same failure classes. */
  HttpResponse<String> send(HttpRequest request, String what) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpConnectTimeoutException e) {
      throw new Refused(what + ": connect timed out at " + base, e);
    } catch (ConnectException e) {
      throw new Refused(what + ": cannot connect to " + base + ": " + e, e);
    } catch (HttpTimeoutException e) {
      throw new Indeterminate(what + ": no answer from " + base + " within " + timeout.toMillis() + " ms", e);
    } catch (IOException e) {
      throw new Indeterminate(what + ": " + base + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Indeterminate(what + ": interrupted", e);
    }
  }

  private static String firstLine(String text) {
    int nl = text.indexOf('\n');
    return nl < 0 ? text : text.substring(0, nl);
  }

  private static JsonNode parse(String text, String path) {
    try {
      return JSON.readTree(text.isBlank() ? "{}" : text);
    } catch (IOException e) {
      throw new Indeterminate(path + " answered 200 with unreadable JSON: " + text, e);
    }
  }

  private static Header header(JsonNode reply) {
    JsonNode h = reply.path("header");
    return new Header(Long.parseUnsignedLong(h.path("cluster_id").asText("0")),
        Long.parseUnsignedLong(h.path("member_id").asText("0")), h.path("revision").asLong(),
        h.path("raft_term").asLong());
  }

  private static Optional<KeyValue> first(List<KeyValue> kvs) {
    return kvs.isEmpty() ? Optional.empty() : Optional.of(kvs.get(0));
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    if (array instanceof ArrayNode a) {
      a.forEach(n -> out.add(n.asText()));
    }
    return out;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String b64(String s) {
    return b64(utf8(s));
  }

  static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  static String unb64(String s) {
    return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
  }

  /** etcd's prefix end: the prefix with its last byte below 0xff incremented ({0}: to the end). */
  static byte[] prefixEnd(byte[] prefix) {
    if (prefix.length == 1 && prefix[0] == 0) {
      return new byte[] {0};
    }
    for (int i = prefix.length - 1; i >= 0; i--) {
      if ((prefix[i] & 0xff) < 0xff) {
        byte[] end = Arrays.copyOf(prefix, i + 1);
        end[i]++;
        return end;
      }
    }
    return new byte[] {0};
  }
}
