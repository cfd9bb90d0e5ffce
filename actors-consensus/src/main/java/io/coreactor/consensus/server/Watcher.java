package io.coreactor.consensus.server;

import io.coreactor.consensus.client.WatchRequest;
import io.coreactor.consensus.kv.Bytes;
import io.coreactor.consensus.kv.Event;
import java.util.ArrayList;
import java.util.List;

/**
 * One watch as the {@link WatchHub} keeps it: what it selects, the first revision it has not
 * been sent yet, and whether it follows live applies ({@code synced}) or still replays
 * history, as etcd's synced and unsynced watcher groups.
 */
final class Watcher {

  final long id;
  final WatchRequest request;
  final WatchDelivery delivery;
  /** Every event below this revision was sent (or filtered out); never goes back. */
  long nextRevision;
  boolean synced;
  /** Whether events went out since the last progress tick (etcd then skips the notification). */
  boolean sentSinceTick;

  Watcher(long id, WatchRequest request, WatchDelivery delivery) {
    this.id = id;
    this.request = request;
    this.delivery = delivery;
  }

  /** The events of one revision or one replayed batch this watch wants, shaped as it asked. */
  List<Event> select(List<Event> events) {
    List<Event> selected = new ArrayList<>();
    for (Event e : events) {
      if (!contains(e.kv().key())
          || (request.noPut() && e.type() == Event.Type.PUT)
          || (request.noDelete() && e.type() == Event.Type.DELETE)) {
        continue;
      }
      selected.add(request.prevKv() ? e : e.withoutPrevKv());
    }
    return selected;
  }

  /** etcd's range rules: no end is the key alone, "\0" every key from it on, else [key, end). */
  boolean contains(Bytes key) {
    Bytes end = request.rangeEnd();
    if (end.isEmpty()) {
      return key.equals(request.key());
    }
    return key.compareTo(request.key()) >= 0 && (end.equals(Bytes.ZERO) || key.compareTo(end) < 0);
  }
}
