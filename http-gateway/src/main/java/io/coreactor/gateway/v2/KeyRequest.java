package io.coreactor.gateway.v2;

/**
 * One parsed {@code /v2/keys} request (etcd's {@code etcdserverpb.Request}): the cleaned path and
 * every option etcd 2 accepts. {@code prevExist}, {@code ttl} and {@code prevValue} are null when
 * not given; {@code ttl} null also when given empty, which makes the node permanent.
 */
public record KeyRequest(String method, String path, String value, boolean dir, String prevValue,
                         long prevIndex, Boolean prevExist, boolean waitForChange, long waitIndex,
                         boolean recursive, boolean sorted, boolean quorum, boolean stream,
                         Long ttl, boolean refresh, boolean noValueOnSuccess) {

  /** What etcd 2's apply step does with the request, in its order of precedence. */
  public enum Kind { GET, WATCH, SET, CREATE, CREATE_IN_ORDER, UPDATE, COMPARE_AND_SWAP, DELETE,
    COMPARE_AND_DELETE }

  public boolean hasCompare() {
    return prevIndex > 0 || (prevValue != null && !prevValue.isEmpty());
  }

  public Kind kind() {
    switch (method) {
      case "GET", "HEAD":
        return waitForChange ? Kind.WATCH : Kind.GET;
      case "POST":
        return Kind.CREATE_IN_ORDER;
      case "DELETE":
        return hasCompare() ? Kind.COMPARE_AND_DELETE : Kind.DELETE;
      default:
        if (prevExist != null) {
          if (!prevExist) {
            return Kind.CREATE;
          }
          return hasCompare() ? Kind.COMPARE_AND_SWAP : Kind.UPDATE;
        }
        return hasCompare() ? Kind.COMPARE_AND_SWAP : Kind.SET;
    }
  }

  /** The value to store: etcd stores none for a directory. */
  public String storedValue() {
    return dir || value == null ? "" : value;
  }
}
