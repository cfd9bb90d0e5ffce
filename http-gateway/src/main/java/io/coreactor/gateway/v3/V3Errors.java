package io.coreactor.gateway.v3;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coreactor.consensus.kv.KvError;
import io.coreactor.consensus.kv.KvException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.scaladsl.model.EntityStreamException;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns any failure of a v3 request into grpc-gateway's error response: the HTTP status for the
 * gRPC code and the body {@code {"error": msg, "code": n, "message": msg}}.
 */
public final class V3Errors {

  private static final Logger log = LoggerFactory.getLogger(V3Errors.class);

  private final ObjectMapper json;

  public V3Errors(ObjectMapper json) {
    this.json = json;
  }

  /** The response for a failure, unwrapping the wrappers that futures add. */
  public HttpResponse response(Throwable failure) {
    V3Error e = classify(failure);
    return response(e.code(), e.getMessage());
  }

  public HttpResponse response(GrpcCode code, String message) {
    try {
      return HttpResponse.create().withStatus(code.httpStatus())
          .withEntity(ContentTypes.APPLICATION_JSON, json.writeValueAsBytes(body(code, message)));
    } catch (Exception e) {
      throw new IllegalStateException("cannot render an error body", e);
    }
  }

  /** The body, also used for the {@code "error"} line of a failed stream. */
  public ObjectNode body(GrpcCode code, String message) {
    ObjectNode body = json.createObjectNode();
    body.put("error", message);
    body.put("code", code.number());
    body.put("message", message);
    return body;
  }

  /** The gRPC code and message a failure is reported with. */
  public static V3Error classify(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof V3Error e) {
      return e;
    }
    if (t instanceof KvException e) {
      return new V3Error(GrpcCode.of(e.code()), e.getMessage());
    }
    if (t instanceof TimeoutException) {
      return new V3Error(GrpcCode.UNAVAILABLE, KvError.TIMEOUT.message());
    }
    if (t instanceof EntityStreamSizeException) {
      return new V3Error(GrpcCode.INVALID_ARGUMENT, KvError.REQUEST_TOO_LARGE.message());
    }
    if (t instanceof EntityStreamException e) {
      // A strict body past the limit is reported this way; anything else is a broken upload.
      String summary = e.info().summary();
      return new V3Error(GrpcCode.INVALID_ARGUMENT,
          summary.toLowerCase().contains("too large") ? KvError.REQUEST_TOO_LARGE.message() : summary);
    }
    if (t instanceof IllegalArgumentException) {
      return V3Error.invalidArgument(String.valueOf(t.getMessage()));
    }
    log.warn("v3 request failed unexpectedly", t);
    return new V3Error(GrpcCode.INTERNAL, String.valueOf(t.getMessage()));
  }
}
