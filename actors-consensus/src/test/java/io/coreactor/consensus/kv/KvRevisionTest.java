package io.coreactor.consensus.kv;

import static io.coreactor.consensus.kv.Kv.b;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Revisions, versions and the put and delete options, as an etcd client observes them. */
class KvRevisionTest {

  private final Kv kv = new Kv();

  @Test
  void anEmptyStoreIsAtRevisionOne() {
    assertThat(kv.sm.revision()).isEqualTo(1);
    assertThat(kv.sm.compactRevision()).isEqualTo(-1);
    RangeResponse r = kv.range(RangeRequest.key(b("foo")));
    assertThat(r.kvs()).isEmpty();
    assertThat(r.count()).isZero();
    assertThat(r.header().revision()).isEqualTo(1);
  }

  @Test
  void putDeletePutTracksRevisionsAndResetsTheVersion() {
    assertThat(kv.put("foo", "a").header().revision()).isEqualTo(2);
    assertThat(kv.get("foo")).isEqualTo(new KeyValue(b("foo"), 2, 2, 1, b("a"), 0));

    assertThat(kv.put("foo", "b").header().revision()).isEqualTo(3);
    assertThat(kv.get("foo")).isEqualTo(new KeyValue(b("foo"), 2, 3, 2, b("b"), 0));

    DeleteRangeResponse d = kv.delete("foo");
    assertThat(d.deleted()).isEqualTo(1);
    assertThat(d.header().revision()).isEqualTo(4);
    assertThat(kv.get("foo")).isNull();

    assertThat(kv.put("foo", "c").header().revision()).isEqualTo(5);
    assertThat(kv.get("foo")).isEqualTo(new KeyValue(b("foo"), 5, 5, 1, b("c"), 0));
  }

  @Test
  void pastRevisionsStillShowEveryVersion() {
    kv.put("foo", "a");
    kv.put("foo", "b");
    kv.delete("foo");
    kv.put("foo", "c");
    assertThat(kv.getAt("foo", 1)).isNull();
    assertThat(kv.getAt("foo", 2).value()).isEqualTo(b("a"));
    assertThat(kv.getAt("foo", 3).value()).isEqualTo(b("b"));
    assertThat(kv.getAt("foo", 3).version()).isEqualTo(2);
    assertThat(kv.getAt("foo", 4)).isNull();
    assertThat(kv.getAt("foo", 5).value()).isEqualTo(b("c"));
  }

  @Test
  void deletingNothingKeepsTheRevision() {
    kv.put("foo", "a");
    DeleteRangeResponse d = kv.delete("bar");
    assertThat(d.deleted()).isZero();
    assertThat(d.header().revision()).isEqualTo(2);
    assertThat(kv.sm.revision()).isEqualTo(2);
  }

  @Test
  void deleteRangeCountsAndReturnsPreviousValuesWhenAsked() {
    kv.put("a", "1");
    kv.put("b", "2");
    kv.put("c", "3");
    DeleteRangeResponse d = kv.ok(DeleteRangeRequest.range(b("a"), b("c")).withPrevKv(true));
    assertThat(d.deleted()).isEqualTo(2);
    assertThat(d.prevKvs()).extracting(KeyValue::value).containsExactly(b("1"), b("2"));
    assertThat(d.header().revision()).isEqualTo(5);
    assertThat(kv.get("c")).isNotNull();
    DeleteRangeResponse quiet = kv.ok(DeleteRangeRequest.prefix(b("c")));
    assertThat(quiet.deleted()).isEqualTo(1);
    assertThat(quiet.prevKvs()).isEmpty();
  }

  @Test
  void putReturnsThePreviousVersionOnlyWhenAsked() {
    kv.put("foo", "a");
    PutResponse plain = kv.ok(PutRequest.of(b("foo"), b("b")));
    assertThat(plain.prevKv()).isNull();
    PutResponse withPrev = kv.ok(PutRequest.of(b("foo"), b("c")).withPrevKv(true));
    assertThat(withPrev.prevKv().value()).isEqualTo(b("b"));
    assertThat(withPrev.prevKv().version()).isEqualTo(2);
    PutResponse created = kv.ok(PutRequest.of(b("new"), b("x")).withPrevKv(true));
    assertThat(created.prevKv()).isNull();
  }

  @Test
  void ignoreValueKeepsTheValueAndIgnoreLeaseKeepsTheLease() {
    long lease = kv.grant(7, 60);
    kv.put("foo", "a", lease);
    kv.ok(PutRequest.of(b("foo"), Bytes.EMPTY).withIgnoreValue(true).withLease(lease));
    assertThat(kv.get("foo").value()).isEqualTo(b("a"));
    assertThat(kv.get("foo").version()).isEqualTo(2);
    kv.ok(PutRequest.of(b("foo"), b("b")).withIgnoreLease(true));
    assertThat(kv.get("foo").value()).isEqualTo(b("b"));
    assertThat(kv.get("foo").lease()).isEqualTo(lease);
  }

  @Test
  void ignoringOnAMissingKeyIsKeyNotFoundAndChangesNothing() {
    long rev = kv.sm.revision();
    assertThatThrownBy(() -> kv.ok(PutRequest.of(b("nope"), Bytes.EMPTY).withIgnoreValue(true)))
        .isInstanceOfSatisfying(KvException.class, e -> {
          assertThat(e.error()).isEqualTo(KvError.KEY_NOT_FOUND);
          assertThat(e.getMessage()).isEqualTo("etcdserver: key not found");
          assertThat(e.code()).isEqualTo(3);
        });
    assertThatThrownBy(() -> kv.ok(PutRequest.of(b("nope"), b("v")).withIgnoreLease(true)))
        .isInstanceOf(KvException.class);
    assertThat(kv.sm.revision()).isEqualTo(rev);
    assertThat(kv.get("nope")).isNull();
  }

  @Test
  void conflictingFlagsAndEmptyKeysAreRefusedWhenEncodingAndWhenApplying() {
    PutRequest valueGiven = PutRequest.of(b("k"), b("v")).withIgnoreValue(true);
    PutRequest leaseGiven = PutRequest.of(b("k"), b("v")).withLease(5).withIgnoreLease(true);
    assertThatThrownBy(() -> KvCommand.encode(valueGiven))
        .hasMessage("etcdserver: value is provided");
    assertThatThrownBy(() -> KvCommand.encode(leaseGiven))
        .hasMessage("etcdserver: lease is provided");
    assertThat(kv.refused(valueGiven)).isEqualTo(KvError.VALUE_PROVIDED);
    assertThat(kv.refused(leaseGiven)).isEqualTo(KvError.LEASE_PROVIDED);
    assertThat(kv.refused(PutRequest.of(Bytes.EMPTY, b("v")))).isEqualTo(KvError.EMPTY_KEY);
    assertThat(kv.refused(DeleteRangeRequest.key(Bytes.EMPTY))).isEqualTo(KvError.EMPTY_KEY);
    assertThatThrownBy(() -> kv.range(RangeRequest.key(Bytes.EMPTY)))
        .hasMessage("etcdserver: key is not provided");
    assertThat(kv.sm.revision()).isEqualTo(1);
  }

  @Test
  void aRefusalIsReturnedNotThrown() {
    Object r = kv.sm.apply(1, KvCommand.encode(new LeaseRevokeRequest(42)));
    assertThat(r).isEqualTo(new KvException(KvError.LEASE_NOT_FOUND));
    assertThat(kv.sm.appliedIndex()).isEqualTo(1);
  }

  @Test
  void entriesAlreadyAppliedAndEmptyEntriesChangeNothing() {
    assertThat(kv.sm.apply(5, KvCommand.encode(PutRequest.of(b("k"), b("v")))))
        .isInstanceOf(PutResponse.class);
    assertThat(kv.sm.apply(5, KvCommand.encode(PutRequest.of(b("k"), b("w"))))).isNull();
    assertThat(kv.sm.apply(4, KvCommand.encode(PutRequest.of(b("k"), b("w"))))).isNull();
    assertThat(kv.sm.apply(6, new byte[0])).isNull();
    assertThat(kv.sm.appliedIndex()).isEqualTo(6);
    assertThat(kv.sm.revision()).isEqualTo(2);
    assertThat(kv.get("k").value()).isEqualTo(b("v"));
  }
}
