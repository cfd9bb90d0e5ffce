package io.coreactor.gateway.v2;

/** etcd 2's error codes (Documentation/v2/errorcode.md) with their messages and HTTP statuses. */
public enum V2ErrorCode {
  KEY_NOT_FOUND(100, "Key not found", 404),
  TEST_FAILED(101, "Compare failed", 412),
  NOT_FILE(102, "Not a file", 403),
  // etcd answers 400 for the codes missing from its errorStatus map: 104, 107, 2xx, 401.
  NOT_DIR(104, "Not a directory", 400),
  NODE_EXIST(105, "Key already exists", 412),
  ROOT_READ_ONLY(107, "Root is read only", 400),
  DIR_NOT_EMPTY(108, "Directory not empty", 403),
  PREV_VALUE_REQUIRED(201, "PrevValue is Required in POST form", 400),
  TTL_NAN(202, "The given TTL in POST form is not a number", 400),
  INDEX_NAN(203, "The given index in POST form is not a number", 400),
  INVALID_FIELD(209, "Invalid field", 400),
  INVALID_FORM(210, "Invalid POST form", 400),
  REFRESH_VALUE(211, "Value provided on refresh", 400),
  REFRESH_TTL_REQUIRED(212, "A TTL must be provided on refresh", 400),
  RAFT_INTERNAL(300, "Raft Internal Error", 500),
  EVENT_INDEX_CLEARED(401, "The event in requested index is outdated and cleared", 400);

  private final int code;
  private final String message;
  private final int status;

  V2ErrorCode(int code, String message, int status) {
    this.code = code;
    this.message = message;
    this.status = status;
  }

  public int code() {
    return code;
  }

  public String message() {
    return message;
  }

  public int status() {
    return status;
  }

  /** This error about {@code cause} at store index {@code index}. */
  public V2Error error(String cause, long index) {
    return new V2Error(this, cause, index, status);
  }
}
