package io.coreactor.gateway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.coreactor.gateway.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/** A plain HTTP client for a real node, as curl would talk to it: JSON bodies, status codes, streams. */
public final class HttpJson {

  /** A status and a JSON body. */
  public record Reply(int status, JsonNode body) {}

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;

  public HttpJson(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** POSTs JSON written with single quotes for double quotes. */
  public Reply post(String path, String body) {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
        .POST(HttpRequest.BodyPublishers.ofString(body.replace('\'', '"'))));
  }

  public Reply get(String path) {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
  }

  public String getText(String path) {
    try {
      return client.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException | InterruptedException e) {
      throw new AssertionError("GET " + path + " failed", e);
    }
  }

  private Reply send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> r = client.send(request.timeout(Duration.ofSeconds(15)).build(),
          HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), Json.mapper().readTree(r.body()));
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(request.build().method() + " " + request.build().uri() + " failed", e);
    }
  }

  /** Opens a stream (e.g. /v3/watch); its lines arrive in a queue until it is closed. */
  public Lines stream(String path, String body) {
    try {
      HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
          .POST(HttpRequest.BodyPublishers.ofString(body.replace('\'', '"'))).build(),
          HttpResponse.BodyHandlers.ofInputStream());
      if (r.statusCode() != 200) {
        throw new AssertionError(path + " answered " + r.statusCode() + ": " + new String(r.body().readAllBytes()));
      }
      return new Lines(r.body());
    } catch (IOException | InterruptedException e) {
      throw new AssertionError("POST " + path + " failed", e);
    }
  }

  /** The lines of a streamed response, read by a daemon thread. */
  public static final class Lines implements AutoCloseable {
    private final InputStream in;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);
    private volatile IOException broken;

    Lines(InputStream in) {
      this.in = in;
      Thread reader = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
          for (String line = r.readLine(); line != null; line = r.readLine()) {
            lines.add(line);
          }
        } catch (IOException closed) {
          // The connection broke, or we closed it.
          broken = closed;
        } finally {
          ended.countDown();
        }
      }, "http-stream-reader");
      reader.setDaemon(true);
      reader.start();
    }

    /** The next line as JSON, waiting at most {@code timeout}. */
    public JsonNode next(Duration timeout) {
      try {
        String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (line == null) {
          throw new AssertionError("no line within " + timeout);
        }
        return Json.mapper().readTree(line);
      } catch (InterruptedException | IOException e) {
        throw new AssertionError(e);
      }
    }

    /** Waits until the server has ended the stream properly (its last chunk, not a broken connection). */
    public void awaitEnd(Duration timeout) {
      try {
        if (!ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          throw new AssertionError("the stream did not end within " + timeout);
        }
        if (broken != null) {
          throw new AssertionError("the stream broke instead of ending", broken);
        }
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  public static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  public static String unb64(String s) {
    return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
  }

  /** Polls {@code condition} until it holds or {@code timeout} passes; no fixed sleeps. */
  public static void await(Duration timeout, String what, Supplier<Boolean> condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long pause = 10;
    while (true) {
      Boolean ok;
      try {
        ok = condition.get();
      } catch (RuntimeException | AssertionError e) {
        ok = false;
      }
      if (Boolean.TRUE.equals(ok)) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      // Back off between polls so that polling does not hog the shared cores.
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(pause));
      pause = Math.min(pause * 2, 200);
    }
  }
}
