package io.coreactor.consensus.kv;

import java.util.List;

/**
 * What applying one committed entry did: the {@code response} (a {@link KvResponse}, or the
 * {@link KvException} that refused the request, or null for an entry without a command) and
 * the {@code events} it produced, in order, for watchers. Events share one revision.
 */
public record Applied(Object response, List<Event> events) {

  static final Applied NOTHING = new Applied(null, List.of());

  public Applied {
    events = List.copyOf(events);
  }

  /** The store revision the events happened at, or 0 when nothing changed. */
  public long revision() {
    return events.isEmpty() ? 0 : events.get(0).kv().modRevision();
  }
}
