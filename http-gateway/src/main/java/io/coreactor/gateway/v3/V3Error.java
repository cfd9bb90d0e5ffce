package io.coreactor.gateway.v3;

/** A request the v3 gateway refuses itself, before or instead of asking the store. */
public final class V3Error extends RuntimeException {

  private final GrpcCode code;

  public V3Error(GrpcCode code, String message) {
    // No stack trace: a refused request is an answer, not a fault.
    super(message, null, false, false);
    this.code = code;
  }

  public static V3Error invalidArgument(String message) {
    return new V3Error(GrpcCode.INVALID_ARGUMENT, message);
  }

  public GrpcCode code() {
    return code;
  }
}
