package io.coreactor.consensus.client;

import io.coreactor.consensus.kv.Bytes;

/**
 * A watch (etcd's {@code WatchCreateRequest}): a key, or [key, rangeEnd) with etcd's special
 * range ends, from {@code startRevision} (0 = the next revision), with optional previous
 * values, event filters and periodic progress notifications.
 */
public record WatchRequest(Bytes key, Bytes rangeEnd, long startRevision, boolean prevKv,
                           boolean noPut, boolean noDelete, boolean progressNotify) {

  public WatchRequest {
    key = key == null ? Bytes.EMPTY : key;
    rangeEnd = rangeEnd == null ? Bytes.EMPTY : rangeEnd;
  }

  public static WatchRequest key(Bytes key) {
    return new WatchRequest(key, Bytes.EMPTY, 0, false, false, false, false);
  }

  public static WatchRequest prefix(Bytes prefix) {
    return new WatchRequest(prefix, prefix.prefixEnd(), 0, false, false, false, false);
  }

  public WatchRequest fromRevision(long revision) {
    return new WatchRequest(key, rangeEnd, revision, prevKv, noPut, noDelete, progressNotify);
  }

  public WatchRequest withPrevKv(boolean on) {
    return new WatchRequest(key, rangeEnd, startRevision, on, noPut, noDelete, progressNotify);
  }

  public WatchRequest withFilters(boolean noPutEvents, boolean noDeleteEvents) {
    return new WatchRequest(key, rangeEnd, startRevision, prevKv, noPutEvents, noDeleteEvents, progressNotify);
  }

  public WatchRequest withProgressNotify(boolean on) {
    return new WatchRequest(key, rangeEnd, startRevision, prevKv, noPut, noDelete, on);
  }
}
