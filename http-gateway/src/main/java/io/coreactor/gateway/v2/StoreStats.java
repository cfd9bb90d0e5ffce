package io.coreactor.gateway.v2;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.concurrent.atomic.AtomicLong;

/**
 * etcd 2's store statistics ({@code /v2/stats/store}): success and failure counts per operation,
 * counted by this member's gateway for the requests it served, and its open watchers
 * ({@code expireCount} stays 0: expiry happens in the store, not in a gateway).
 */
public final class StoreStats {

  /** The JSON etcd 2 answers, field for field. */
  @JsonPropertyOrder({"getsSuccess", "getsFail", "setsSuccess", "setsFail", "deleteSuccess",
      "deleteFail", "updateSuccess", "updateFail", "createSuccess", "createFail",
      "compareAndSwapSuccess", "compareAndSwapFail", "compareAndDeleteSuccess",
      "compareAndDeleteFail", "expireCount", "watchers"})
  public record Json(long getsSuccess, long getsFail, long setsSuccess, long setsFail,
                     long deleteSuccess, long deleteFail, long updateSuccess, long updateFail,
                     long createSuccess, long createFail, long compareAndSwapSuccess,
                     long compareAndSwapFail, long compareAndDeleteSuccess,
                     long compareAndDeleteFail, long expireCount, long watchers) {}

  private final AtomicLong[] success = new AtomicLong[KeyRequest.Kind.values().length];
  private final AtomicLong[] fail = new AtomicLong[KeyRequest.Kind.values().length];
  private final AtomicLong watchers = new AtomicLong();

  public StoreStats() {
    for (int i = 0; i < success.length; i++) {
      success[i] = new AtomicLong();
      fail[i] = new AtomicLong();
    }
  }

  void count(KeyRequest.Kind kind, boolean ok) {
    (ok ? success : fail)[kind.ordinal()].incrementAndGet();
  }

  void watcherOpened() {
    watchers.incrementAndGet();
  }

  void watcherClosed() {
    watchers.decrementAndGet();
  }

  public Json json() {
    return new Json(ok(KeyRequest.Kind.GET), ko(KeyRequest.Kind.GET),
        ok(KeyRequest.Kind.SET), ko(KeyRequest.Kind.SET),
        ok(KeyRequest.Kind.DELETE), ko(KeyRequest.Kind.DELETE),
        ok(KeyRequest.Kind.UPDATE), ko(KeyRequest.Kind.UPDATE),
        ok(KeyRequest.Kind.CREATE) + ok(KeyRequest.Kind.CREATE_IN_ORDER),
        ko(KeyRequest.Kind.CREATE) + ko(KeyRequest.Kind.CREATE_IN_ORDER),
        ok(KeyRequest.Kind.COMPARE_AND_SWAP), ko(KeyRequest.Kind.COMPARE_AND_SWAP),
        ok(KeyRequest.Kind.COMPARE_AND_DELETE), ko(KeyRequest.Kind.COMPARE_AND_DELETE),
        0, watchers.get());
  }

  private long ok(KeyRequest.Kind kind) {
    return success[kind.ordinal()].get();
  }

  private long ko(KeyRequest.Kind kind) {
    return fail[kind.ordinal()].get();
  }
}
