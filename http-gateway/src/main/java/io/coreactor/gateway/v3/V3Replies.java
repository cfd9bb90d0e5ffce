package io.coreactor.gateway.v3;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coreactor.consensus.kv.KvError;
import io.coreactor.gateway.ClientStreams;
import io.coreactor.gateway.GatewaySettings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * What every v3 call has in common: POST only, read the body within the size limit and the
 * request timeout, parse it, ask, and answer 200 with the rendered response or grpc-gateway's
 * error. Nothing waits longer than {@code request-timeout}; a failure is never a hang.
 */
public final class V3Replies extends AllDirectives {

  private final ObjectMapper json;
  private final GatewaySettings settings;
  private final V3Errors errors;
  private final ClientStreams streams;

  public V3Replies(ObjectMapper json, GatewaySettings settings, ClientStreams streams) {
    this.json = json;
    this.settings = settings;
    this.errors = new V3Errors(json);
    this.streams = streams;
  }

  public V3Errors errors() {
    return errors;
  }

  public GatewaySettings settings() {
    return settings;
  }

  /** A unary call: one JSON request in, one JSON response out. */
  public <Q, A> Route unary(Function<JsonNode, Q> parse, Function<Q, CompletionStage<A>> call,
                            Function<A, ObjectNode> render) {
    return postOnly(body -> withTimeout(body
        .thenApply(this::parse)
        .thenApply(parse)
        .thenCompose(call))
        .thenApply(answer -> ok(render.apply(answer))));
  }

  /**
   * A call whose answer the route builds itself (a stream); {@code handle} gets the request
   * bytes once they are read, and its failures become error responses.
   */
  public Route postOnly(Function<CompletionStage<ByteString>, CompletionStage<HttpResponse>> handle) {
    Route call = extractRequestEntity(entity -> extractMaterializer(mat ->
        completeWithFuture(handle.apply(read(entity, mat)).exceptionally(errors::response))));
    return concat(
        post(() -> call),
        complete(errors.response(GrpcCode.UNIMPLEMENTED, "Method Not Allowed")
            .withStatus(StatusCodes.METHOD_NOT_ALLOWED)));
  }

  /** The body as one JSON value; an empty body is the empty message, as in grpc-gateway. */
  public JsonNode parse(ByteString body) {
    if (body.isEmpty()) {
      return MissingNode.getInstance();
    }
    try {
      return json.readTree(body.toArrayUnsafe());
    } catch (JsonProcessingException e) {
      throw malformed(e);
    } catch (IOException e) {
      throw V3Error.invalidArgument("unreadable request body: " + e.getMessage());
    }
  }

  /** The body as a sequence of JSON values (a client stream, e.g. lease keep-alives). */
  public List<JsonNode> parseAll(ByteString body) {
    List<JsonNode> out = new ArrayList<>();
    try (MappingIterator<JsonNode> it = json.readerFor(JsonNode.class).readValues(body.toArrayUnsafe())) {
      while (it.hasNextValue()) {
        out.add(it.nextValue());
      }
    } catch (JsonProcessingException e) {
      throw malformed(e);
    } catch (IOException e) {
      throw V3Error.invalidArgument("unreadable request body: " + e.getMessage());
    }
    return out;
  }

  /** Bounds a call by the request timeout; what is still pending then is answered 503. */
  public <T> CompletionStage<T> withTimeout(CompletionStage<T> stage) {
    return stage.toCompletableFuture().copy()
        .orTimeout(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  public HttpResponse ok(ObjectNode body) {
    return HttpResponse.create().withEntity(ContentTypes.APPLICATION_JSON, bytes(body));
  }

  /** A response stream that also ends, completing normally, when the node stops. */
  public <M> Source<ByteString, M> stoppable(Source<ByteString, M> lines) {
    return streams.register(lines);
  }

  /** One newline-terminated line of a response stream. */
  public ByteString line(ObjectNode value) {
    return ByteString.fromArrayUnsafe(bytes(value)).concat(ByteString.fromString("\n"));
  }

  /** One message of a response stream, as grpc-gateway frames it: {@code {"result": message}}. */
  public ByteString resultLine(ObjectNode message) {
    ObjectNode line = json.createObjectNode();
    line.set("result", message);
    return line(line);
  }

  /** The line that ends a failed stream, as grpc-gateway v1 writes it. */
  public ObjectNode streamError(Throwable failure) {
    V3Error e = V3Errors.classify(failure);
    ObjectNode error = json.createObjectNode();
    error.put("grpc_code", e.code().number());
    error.put("http_code", e.code().httpStatus());
    error.put("message", e.getMessage());
    error.put("http_status", StatusCodes.get(e.code().httpStatus()).reason());
    ObjectNode line = json.createObjectNode();
    line.set("error", error);
    return line;
  }

  private CompletionStage<ByteString> read(HttpEntity entity, Materializer mat) {
    try {
      // Refused before reading a byte when the client says how much it will send.
      if (entity.getContentLengthOption().orElse(0L) > settings.maxRequestBody()) {
        entity.discardBytes(mat);
        return CompletableFuture.failedFuture(KvError.REQUEST_TOO_LARGE.exception());
      }
      // A body that arrived whole is used as it is: toStrict with a size limit would still run
      // a stream over it (a materialization per request).
      if (entity instanceof HttpEntity.Strict strict) {
        return CompletableFuture.completedFuture(strict.getData());
      }
      // On the completing thread: Scala's CompletionStage runs a plain thenApply on the JDK's
      // default async pool, which with fewer than 3 cores is a new thread per request.
      return entity.toStrict(settings.requestTimeout().toMillis(), settings.maxRequestBody(), mat)
          .thenApplyAsync(HttpEntity.Strict::getData, Runnable::run);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private byte[] bytes(ObjectNode value) {
    try {
      return json.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render JSON", e);
    }
  }

  private static V3Error malformed(JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    // Jackson names its (redacted) source inside nested locations: say only line and column.
    String message = e.getOriginalMessage().replaceAll("\\[Source: [^;]*; ", "[");
    return V3Error.invalidArgument("malformed JSON" + where + ": " + message);
  }
}
