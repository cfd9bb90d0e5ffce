package io.coreactor.gateway.v2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A curl-like client of a v2 server on 127.0.0.1, every call bounded by a timeout. */
final class V2HttpClient {

  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final String base;

  V2HttpClient(String base) {
    this.base = base;
  }

  HttpResponse<String> send(String method, String path, String form) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT);
    if (form != null) {
      b.header("Content-Type", "application/x-www-form-urlencoded");
    }
    b.method(method, form == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(form));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Starts a request without waiting for it, for long polls. */
  CompletableFuture<HttpResponse<String>> start(String path) {
    return http.sendAsync(HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<java.util.stream.Stream<String>> lines(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT).build(),
        HttpResponse.BodyHandlers.ofLines());
  }

  static JsonNode json(HttpResponse<String> r) throws Exception {
    return MAPPER.readTree(r.body());
  }
}
