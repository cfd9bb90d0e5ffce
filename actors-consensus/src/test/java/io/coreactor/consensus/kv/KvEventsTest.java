package io.coreactor.consensus.kv;

import static io.coreactor.consensus.kv.Kv.b;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The events writes produce, live and from history, for watchers. */
class KvEventsTest {

  private final Kv kv = new Kv();

  @Test
  void aPutAndADeleteProduceEventsWithTheirPreviousVersions() {
    Applied created = kv.apply(PutRequest.of(b("k"), b("1")));
    assertThat(created.events()).containsExactly(
        new Event(Event.Type.PUT, new KeyValue(b("k"), 2, 2, 1, b("1"), 0), null));
    assertThat(created.revision()).isEqualTo(2);
    Applied updated = kv.apply(PutRequest.of(b("k"), b("2")));
    assertThat(updated.events().get(0).prevKv()).isEqualTo(created.events().get(0).kv());
    Applied deleted = kv.apply(DeleteRangeRequest.key(b("k")));
    Event delete = deleted.events().get(0);
    assertThat(delete.type()).isEqualTo(Event.Type.DELETE);
    assertThat(delete.kv()).isEqualTo(new KeyValue(b("k"), 0, 4, 0, Bytes.EMPTY, 0));
    assertThat(delete.prevKv()).isEqualTo(updated.events().get(0).kv());
    assertThat(kv.apply(DeleteRangeRequest.key(b("k"))).events()).isEmpty();
  }

  @Test
  void historyReplaysTheSameEventsInRevisionOrder() {
    kv.put("a", "1");
    kv.put("b", "1");
    kv.txn(new TxnRequest(List.of(), List.of(PutRequest.of(b("b"), b("2")),
        PutRequest.of(b("a"), b("2"))), List.of()));
    kv.delete("a");
    EventBatch all = kv.sm.eventsSince(b("a"), Bytes.ZERO, 1, 100);
    assertThat(all.events()).isEqualTo(kv.events);
    assertThat(all.nextRevision()).isEqualTo(6);
    assertThat(all.compacted()).isFalse();
    EventBatch fromFour = kv.sm.eventsSince(b("a"), Bytes.ZERO, 4, 100);
    assertThat(fromFour.events()).isEqualTo(kv.events.subList(2, 5));
  }

  @Test
  void historyIsFilteredByKeyRange() {
    kv.put("p/1", "x");
    kv.put("q", "x");
    kv.put("p/2", "x");
    kv.delete("p/1");
    EventBatch prefix = kv.sm.eventsSince(b("p/"), b("p/").prefixEnd(), 1, 100);
    assertThat(prefix.events()).extracting(e -> e.kv().key().toStringUtf8())
        .containsExactly("p/1", "p/2", "p/1");
    EventBatch single = kv.sm.eventsSince(b("q"), Bytes.EMPTY, 1, 100);
    assertThat(single.events()).hasSize(1);
  }

  @Test
  void aBatchStopsAtARevisionBoundaryAndSaysWhereToResume() {
    kv.put("a", "1");
    kv.txn(new TxnRequest(List.of(), List.of(PutRequest.of(b("b"), b("1")),
        PutRequest.of(b("c"), b("1")), PutRequest.of(b("d"), b("1"))), List.of()));
    kv.put("e", "1");
    EventBatch first = kv.sm.eventsSince(b("a"), Bytes.ZERO, 1, 2);
    assertThat(first.events()).hasSize(4);
    assertThat(first.nextRevision()).isEqualTo(4);
    EventBatch rest = kv.sm.eventsSince(b("a"), Bytes.ZERO, first.nextRevision(), 2);
    assertThat(rest.events()).extracting(e -> e.kv().key()).containsExactly(b("e"));
    assertThat(rest.nextRevision()).isEqualTo(5);
    assertThat(kv.sm.eventsSince(b("a"), Bytes.ZERO, 5, 2).events()).isEmpty();
    assertThat(kv.sm.eventsSince(b("a"), Bytes.ZERO, 0, 2).nextRevision()).isEqualTo(5);
  }

  @Test
  void aStartBelowTheCompactedRevisionIsReportedWithTheCompactRevision() {
    kv.put("a", "1");
    kv.put("a", "2");
    kv.put("a", "3");
    kv.compact(3);
    EventBatch old = kv.sm.eventsSince(b("a"), Bytes.EMPTY, 2, 10);
    assertThat(old.compacted()).isTrue();
    assertThat(old.compactRevision()).isEqualTo(3);
    assertThat(old.events()).isEmpty();
    EventBatch fromCompaction = kv.sm.eventsSince(b("a"), Bytes.EMPTY, 3, 10);
    assertThat(fromCompaction.compacted()).isFalse();
    assertThat(fromCompaction.events()).extracting(e -> e.kv().value())
        .containsExactly(b("2"), b("3"));
    // The version before the compaction point cannot be read any more, as in etcd's watch.
    assertThat(fromCompaction.events().get(0).prevKv()).isNull();
    assertThat(fromCompaction.events().get(1).prevKv().value()).isEqualTo(b("2"));
  }

  @Test
  void leaseRevocationEventsCarryTheDeletedVersions() {
    kv.grant(7, 30);
    kv.put("k", "v", 7);
    Applied revoked = kv.apply(new LeaseRevokeRequest(7));
    assertThat(revoked.events().get(0).prevKv().lease()).isEqualTo(7);
    assertThat(kv.sm.eventsSince(b("k"), Bytes.EMPTY, 3, 10).events())
        .isEqualTo(revoked.events());
  }
}
