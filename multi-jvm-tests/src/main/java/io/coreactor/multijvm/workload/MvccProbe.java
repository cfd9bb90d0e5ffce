package io.coreactor.multijvm.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coreactor.multijvm.ClusterNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * Reads one node's own MVCC history (serializable ranges at past revisions), to find the
 * revision at which that node deleted a key.
 */
public final class MvccProbe {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private MvccProbe() {}

  /** Whether {@code key} existed at {@code revision} in {@code node}'s local store. */
  public static boolean existsAt(ClusterNode node, String key, long revision) {
    ObjectNode body = JSON.createObjectNode()
        .put("key", Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8)))
        .put("revision", Long.toString(revision)).put("serializable", true).put("count_only", true);
    HttpRequest req = HttpRequest.newBuilder(URI.create(node.clientUrl() + "/v3/kv/range"))
        .timeout(Duration.ofSeconds(2)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
    try {
      HttpResponse<String> r = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException(node.name() + " range at " + revision + ": " + r.statusCode() + " " + r.body());
      }
      JsonNode reply = JSON.readTree(r.body());
      return reply.path("count").asLong(0) > 0;
    } catch (IOException e) {
      throw new IllegalStateException(node.name() + " range at " + revision + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /**
   * The revision at which {@code node} deleted {@code key}, given that the key existed at
   * {@code presentAt} and not at {@code absentAt} and was not written again in between.
   */
  public static long deletedAt(ClusterNode node, String key, long presentAt, long absentAt) {
    long lo = presentAt;
    long hi = absentAt;
    if (!existsAt(node, key, lo) || existsAt(node, key, hi)) {
      throw new IllegalStateException(node.name() + ": " + key + " is not present at " + lo + " and absent at " + hi);
    }
    while (hi - lo > 1) {
      long mid = lo + (hi - lo) / 2;
      if (existsAt(node, key, mid)) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return hi;
  }
}
