package io.coreactor.consensus.kv;

/**
 * The errors the store reports, each with etcd's gRPC status code and exact message
 * ({@code rpctypes.ErrGRPC*}), so the gateway can render etcd's own error bodies.
 */
public enum KvError {
  /** ErrEmptyKey. */
  EMPTY_KEY(Code.INVALID_ARGUMENT, "etcdserver: key is not provided"),
  /** ErrKeyNotFound: ignore_value or ignore_lease on a key that does not exist. */
  KEY_NOT_FOUND(Code.INVALID_ARGUMENT, "etcdserver: key not found"),
  /** ErrValueProvided: ignore_value together with a value. */
  VALUE_PROVIDED(Code.INVALID_ARGUMENT, "etcdserver: value is provided"),
  /** ErrLeaseProvided: ignore_lease together with a lease. */
  LEASE_PROVIDED(Code.INVALID_ARGUMENT, "etcdserver: lease is provided"),
  /** ErrTooManyOps. */
  TOO_MANY_OPS(Code.INVALID_ARGUMENT, "etcdserver: too many operations in txn request"),
  /** ErrDuplicateKey: a txn branch writes one key twice. */
  DUPLICATE_KEY(Code.INVALID_ARGUMENT, "etcdserver: duplicate key given in txn request"),
  /** ErrRequestTooLarge. */
  REQUEST_TOO_LARGE(Code.INVALID_ARGUMENT, "etcdserver: request is too large"),
  /** ErrCompacted. */
  COMPACTED(Code.OUT_OF_RANGE, "etcdserver: mvcc: required revision has been compacted"),
  /** ErrFutureRev. */
  FUTURE_REV(Code.OUT_OF_RANGE, "etcdserver: mvcc: required revision is a future revision"),
  /** ErrLeaseNotFound. */
  LEASE_NOT_FOUND(Code.NOT_FOUND, "etcdserver: requested lease not found"),
  /** ErrLeaseExist. */
  LEASE_EXIST(Code.FAILED_PRECONDITION, "etcdserver: lease already exists"),
  /** ErrLeaseTTLTooLarge. */
  LEASE_TTL_TOO_LARGE(Code.OUT_OF_RANGE, "etcdserver: too large lease TTL"),
  /** ErrTimeout: the request was not answered in time; a write's outcome is unknown. */
  TIMEOUT(Code.UNAVAILABLE, "etcdserver: request timed out"),
  /**
   * ErrTimeoutDueToLeaderFail: the leader a request went to was lost before it answered; the
   * write's outcome is unknown.
   */
  TIMEOUT_LEADER_FAIL(Code.UNAVAILABLE, "etcdserver: request timed out, possibly due to previous leader failure"),
  /** ErrNoLeader: no leader is known, so nothing can be committed or read linearizably. */
  NO_LEADER(Code.UNAVAILABLE, "etcdserver: no leader"),
  /** ErrStopped: the server is shutting down. */
  STOPPED(Code.UNAVAILABLE, "etcdserver: server stopped"),
  /** ErrGRPCWatchCanceled, for a watch the server ended. */
  WATCH_CANCELED(Code.CANCELED, "etcdserver: watch canceled");

  /** The gRPC status codes these errors use, with their numbers and canonical names. */
  public enum Code {
    INVALID_ARGUMENT(3, "InvalidArgument"),
    NOT_FOUND(5, "NotFound"),
    FAILED_PRECONDITION(9, "FailedPrecondition"),
    CANCELED(1, "Canceled"),
    OUT_OF_RANGE(11, "OutOfRange"),
    UNAVAILABLE(14, "Unavailable");

    private final int number;
    private final String grpcName;

    Code(int number, String grpcName) {
      this.number = number;
      this.grpcName = grpcName;
    }

    public int number() {
      return number;
    }

    public String grpcName() {
      return grpcName;
    }
  }

  private final Code code;
  private final String message;

  KvError(Code code, String message) {
    this.code = code;
    this.message = message;
  }

  public Code code() {
    return code;
  }

  public String message() {
    return message;
  }

  public KvException exception() {
    return new KvException(this);
  }
}
