package io.coreactor.consensus.client;

import io.coreactor.consensus.kv.Event;
import io.coreactor.consensus.kv.ResponseHeader;
import java.util.List;

/**
 * What a watcher receives (etcd's {@code WatchResponse}): events of one or more whole
 * revisions; an empty list with {@code created} (the watch started), as a progress
 * notification (header revision only), or with {@code canceled} (the watch ended, with
 * {@code compactRevision} set when its start was compacted away).
 */
public record WatchResponse(ResponseHeader header, long watchId, boolean created, boolean canceled,
                            long compactRevision, String cancelReason, List<Event> events) {

  public WatchResponse {
    events = List.copyOf(events);
    cancelReason = cancelReason == null ? "" : cancelReason;
  }

  public boolean isProgressNotify() {
    return events.isEmpty() && !created && !canceled;
  }
}
