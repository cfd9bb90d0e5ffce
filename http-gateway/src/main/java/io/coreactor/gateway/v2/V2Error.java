package io.coreactor.gateway.v2;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * An etcd 2 error as answered over HTTP: {@code {"errorCode","message","cause","index"}} with its
 * status. Thrown by the parser and planner; never leaves a change half-applied.
 */
public final class V2Error extends RuntimeException {

  /** The JSON body etcd 2 writes for an error. */
  @JsonPropertyOrder({"errorCode", "message", "cause", "index"})
  public record Body(int errorCode, String message, String cause, long index) {}

  private final V2ErrorCode code;
  private final String cause;
  private final long index;
  private final int status;

  V2Error(V2ErrorCode code, String cause, long index, int status) {
    super(code.code() + ": " + code.message() + " (" + cause + ") [" + index + "]", null, false,
        false);
    this.code = code;
    this.cause = cause;
    this.index = index;
    this.status = status;
  }

  /** The same error answered with another HTTP status (503 for an unavailable store). */
  public V2Error withStatus(int newStatus) {
    return new V2Error(code, cause, index, newStatus);
  }

  public Body body() {
    return new Body(code.code(), code.message(), cause, index);
  }

  public V2ErrorCode code() {
    return code;
  }

  public String errorCause() {
    return cause;
  }

  public long index() {
    return index;
  }

  public int status() {
    return status;
  }
}
