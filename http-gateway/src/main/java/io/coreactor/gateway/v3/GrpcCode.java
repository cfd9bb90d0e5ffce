package io.coreactor.gateway.v3;

/** gRPC status codes with the HTTP status grpc-gateway v1 (etcd 3.4's gateway) answers each with. */
public enum GrpcCode {
  OK(0, 200),
  CANCELED(1, 408),
  UNKNOWN(2, 500),
  INVALID_ARGUMENT(3, 400),
  DEADLINE_EXCEEDED(4, 504),
  NOT_FOUND(5, 404),
  ALREADY_EXISTS(6, 409),
  PERMISSION_DENIED(7, 403),
  RESOURCE_EXHAUSTED(8, 429),
  // grpc-gateway deliberately does not answer 412 here: it is not an HTTP precondition.
  FAILED_PRECONDITION(9, 400),
  ABORTED(10, 409),
  OUT_OF_RANGE(11, 400),
  UNIMPLEMENTED(12, 501),
  INTERNAL(13, 500),
  UNAVAILABLE(14, 503),
  DATA_LOSS(15, 500),
  UNAUTHENTICATED(16, 401);

  private final int number;
  private final int httpStatus;

  GrpcCode(int number, int httpStatus) {
    this.number = number;
    this.httpStatus = httpStatus;
  }

  public int number() {
    return number;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** The code with this number; UNKNOWN for numbers gRPC does not define. */
  public static GrpcCode of(int number) {
    GrpcCode[] all = values();
    return number >= 0 && number < all.length ? all[number] : UNKNOWN;
  }
}
