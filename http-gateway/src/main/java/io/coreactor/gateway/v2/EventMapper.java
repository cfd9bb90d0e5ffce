package io.coreactor.gateway.v2;

import io.coreactor.consensus.kv.Event;
import io.coreactor.consensus.kv.KeyValue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns the v3 events of one revision into the etcd 2 events a watcher sees. A revision that
 * carries a {@link WriteRecord} was one v2 write: one event with the recorded action, on the
 * recorded node (directories it created on the way make no events, as in etcd). A revision
 * without one deleted keys through a lease's expiry ("expire") or a foreign v3 write.
 */
final class EventMapper {

  private EventMapper() {}

  /** The v2 events of one revision's v3 events (all with the same mod revision). */
  static List<V2Event> toV2(List<Event> events) {
    WriteRecord record = null;
    for (Event e : events) {
      if (e.type() == Event.Type.PUT && e.kv().key().equals(V2Layout.recordKey())) {
        record = WriteRecord.decode(e.kv().value());
      }
    }
    return record != null ? List.of(recorded(record, events)) : unrecorded(events);
  }

  private static V2Event recorded(WriteRecord record, List<Event> events) {
    Event target = null;
    V2Node prevNode = null;
    for (Event e : events) {
      V2Layout.NodeKey nk = V2Layout.parse(e.kv().key());
      if (nk == null || !nk.path().equals(record.path())) {
        continue;
      }
      if (e.prevKv() != null) {
        prevNode = node(nk, e.prevKv());
      }
      if (target == null || e.type() == Event.Type.PUT) {
        target = e;
      }
    }
    if (target == null) {
      return new V2Event(record.action(), V2Node.file(record.path(), null, 0, 0), prevNode,
          record.refresh(), events.get(0).kv().modRevision());
    }
    V2Layout.NodeKey nk = V2Layout.parse(target.kv().key());
    long rev = target.kv().modRevision();
    V2Node node = target.type() == Event.Type.PUT
        ? node(nk, target.kv())
        : new V2Node(nk.path(), null, nk.dir(), null, null, null, rev,
            target.prevKv() == null ? 0 : target.prevKv().createRevision());
    return new V2Event(record.action(), node, prevNode, record.refresh(), rev);
  }

  private static List<V2Event> unrecorded(List<Event> events) {
    Set<String> deletedDirs = new HashSet<>();
    for (Event e : events) {
      V2Layout.NodeKey nk = V2Layout.parse(e.kv().key());
      if (nk != null && nk.dir() && e.type() == Event.Type.DELETE) {
        deletedDirs.add(nk.path());
      }
    }
    List<V2Event> out = new ArrayList<>();
    for (Event e : events) {
      V2Layout.NodeKey nk = V2Layout.parse(e.kv().key());
      if (nk == null || deletedDirs.contains(V2Layout.parent(nk.path()))
          && !V2Layout.ROOT.equals(V2Layout.parent(nk.path()))) {
        continue;
      }
      long rev = e.kv().modRevision();
      V2Node prev = e.prevKv() == null ? null : node(nk, e.prevKv());
      if (e.type() == Event.Type.PUT) {
        out.add(new V2Event("set", node(nk, e.kv()), prev, false, rev));
      } else {
        boolean expired = e.prevKv() != null && e.prevKv().lease() != 0;
        long created = e.prevKv() == null ? 0 : e.prevKv().createRevision();
        out.add(new V2Event(expired ? "expire" : "delete",
            new V2Node(nk.path(), null, nk.dir(), null, null, null, rev, created), prev, false,
            rev));
      }
    }
    return out;
  }

  private static V2Node node(V2Layout.NodeKey nk, KeyValue kv) {
    return nk.dir() ? V2Node.dir(nk.path(), kv.modRevision(), kv.createRevision())
        : KeysPlanner.fileNode(nk.path(), kv);
  }

  /**
   * Whether a watcher on {@code watchPath} sees {@code ev} (etcd's watcherHub.notify): an event
   * on its own path; below it when recursive and not hidden; and a deleted directory above it.
   */
  static boolean matches(V2Event ev, String watchPath, boolean recursive) {
    String key = ev.node() == null || ev.node().key() == null ? V2Layout.ROOT : ev.node().key();
    if (key.equals(watchPath)) {
      return true;
    }
    if (recursive && V2Layout.isWithin(key, watchPath)
        && !V2Layout.isHiddenBelow(watchPath, key)) {
      return true;
    }
    boolean removal = switch (ev.action()) {
      case "delete", "expire", "compareAndDelete" -> true;
      default -> false;
    };
    return removal && ev.node().directory() && V2Layout.isWithin(watchPath, key);
  }
}
