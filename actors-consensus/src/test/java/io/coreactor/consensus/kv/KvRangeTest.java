package io.coreactor.consensus.kv;

import static io.coreactor.consensus.kv.Kv.b;
import static io.coreactor.consensus.kv.Kv.keys;
import static io.coreactor.consensus.kv.Kv.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coreactor.consensus.kv.RangeRequest.SortOrder;
import io.coreactor.consensus.kv.RangeRequest.SortTarget;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Range's variants: key ranges, limit, sort, filters, count and keys only, revisions. */
class KvRangeTest {

  private final Kv kv = new Kv();

  @BeforeEach
  void fill() {
    kv.put("b", "2");   // rev 2
    kv.put("a", "3");   // rev 3
    kv.put("ab", "1");  // rev 4
    kv.put("abc", "5"); // rev 5
    kv.put("c", "4");   // rev 6
    kv.put("a", "0");   // rev 7: a has version 2
  }

  @Test
  void aSingleKeyAHalfOpenRangeAndAPrefix() {
    assertThat(keys(kv.range(RangeRequest.key(b("ab"))))).containsExactly("ab");
    assertThat(keys(kv.range(RangeRequest.range(b("a"), b("b"))))).containsExactly("a", "ab",
        "abc");
    assertThat(keys(kv.range(RangeRequest.prefix(b("ab"))))).containsExactly("ab", "abc");
    assertThat(keys(kv.range(RangeRequest.range(b("c"), b("a"))))).isEmpty();
  }

  @Test
  void zeroAsRangeEndMeansEveryKeyFromTheKeyOn() {
    assertThat(keys(kv.range(RangeRequest.range(b("ab"), Bytes.ZERO))))
        .containsExactly("ab", "abc", "b", "c");
    assertThat(keys(kv.range(RangeRequest.range(Bytes.ZERO, Bytes.ZERO)))).hasSize(5);
  }

  @Test
  void keysAreOrderedAsUnsignedBytes() {
    kv.ok(PutRequest.of(Bytes.copyOf(new byte[] {(byte) 0xff}), b("hi")));
    kv.ok(PutRequest.of(Bytes.copyOf(new byte[] {0x01}), b("lo")));
    RangeResponse all = kv.range(RangeRequest.range(Bytes.ZERO, Bytes.ZERO));
    assertThat(all.kvs().get(0).value()).isEqualTo(b("lo"));
    assertThat(all.kvs().get(all.kvs().size() - 1).value()).isEqualTo(b("hi"));
    // The prefix end of 0xff does not exist: etcd falls back to "from the key on".
    assertThat(kv.range(RangeRequest.prefix(Bytes.copyOf(new byte[] {(byte) 0xff}))).count())
        .isEqualTo(1);
  }

  @Test
  void limitCutsTheResultAndSaysThereIsMoreWhileCountingTheWholeRange() {
    RangeResponse r = kv.range(RangeRequest.range(b("a"), Bytes.ZERO).withLimit(2));
    assertThat(keys(r)).containsExactly("a", "ab");
    assertThat(r.more()).isTrue();
    assertThat(r.count()).isEqualTo(5);
    RangeResponse exact = kv.range(RangeRequest.range(b("a"), Bytes.ZERO).withLimit(5));
    assertThat(exact.kvs()).hasSize(5);
    assertThat(exact.more()).isFalse();
  }

  @Test
  void sortsByEachTargetInEitherOrder() {
    RangeRequest all = RangeRequest.range(b("a"), Bytes.ZERO);
    assertThat(keys(kv.range(all.withSort(SortOrder.DESCEND, SortTarget.KEY))))
        .containsExactly("c", "b", "abc", "ab", "a");
    assertThat(values(kv.range(all.withSort(SortOrder.ASCEND, SortTarget.VALUE))))
        .containsExactly("0", "1", "2", "4", "5");
    assertThat(keys(kv.range(all.withSort(SortOrder.DESCEND, SortTarget.CREATE))))
        .containsExactly("c", "abc", "ab", "a", "b");
    assertThat(keys(kv.range(all.withSort(SortOrder.DESCEND, SortTarget.MOD))))
        .containsExactly("a", "c", "abc", "ab", "b");
    // Equal versions keep key order, in both directions.
    assertThat(keys(kv.range(all.withSort(SortOrder.DESCEND, SortTarget.VERSION))))
        .containsExactly("a", "ab", "abc", "b", "c");
  }

  @Test
  void aSortTargetWithoutAnOrderSortsAscending() {
    RangeRequest byMod = RangeRequest.range(b("a"), Bytes.ZERO)
        .withSort(SortOrder.NONE, SortTarget.MOD);
    assertThat(keys(kv.range(byMod))).containsExactly("b", "ab", "abc", "c", "a");
  }

  @Test
  void limitAppliesAfterSorting() {
    RangeResponse r = kv.range(RangeRequest.range(b("a"), Bytes.ZERO)
        .withSort(SortOrder.DESCEND, SortTarget.KEY).withLimit(2));
    assertThat(keys(r)).containsExactly("c", "b");
    assertThat(r.more()).isTrue();
  }

  @Test
  void countOnlyAndKeysOnly() {
    RangeResponse count = kv.range(RangeRequest.prefix(b("a")).withCountOnly(true));
    assertThat(count.kvs()).isEmpty();
    assertThat(count.count()).isEqualTo(3);
    RangeResponse keysOnly = kv.range(RangeRequest.prefix(b("a")).withKeysOnly(true));
    assertThat(keys(keysOnly)).containsExactly("a", "ab", "abc");
    assertThat(keysOnly.kvs()).allSatisfy(k -> assertThat(k.value().isEmpty()).isTrue());
    assertThat(keysOnly.kvs().get(0).version()).isEqualTo(2);
  }

  @Test
  void revisionFiltersKeepMatchingVersionsButCountTheWholeRange() {
    RangeRequest all = RangeRequest.range(b("a"), Bytes.ZERO);
    RangeResponse mod = kv.range(all.withModRevisions(4, 6));
    assertThat(keys(mod)).containsExactly("ab", "abc", "c");
    assertThat(mod.count()).isEqualTo(5);
    assertThat(keys(kv.range(all.withCreateRevisions(0, 3)))).containsExactly("a", "b");
    assertThat(keys(kv.range(all.withCreateRevisions(5, 0)))).containsExactly("abc", "c");
  }

  @Test
  void pastRevisionsAreReadAsTheyWere() {
    RangeResponse atFour = kv.range(RangeRequest.range(b("a"), Bytes.ZERO).withRevision(4));
    assertThat(keys(atFour)).containsExactly("a", "ab", "b");
    assertThat(atFour.kvs().get(0).value()).isEqualTo(b("3"));
    assertThat(atFour.header().revision()).isEqualTo(7);
  }

  @Test
  void aFutureRevisionIsOutOfRange() {
    assertThatThrownBy(() -> kv.range(RangeRequest.key(b("a")).withRevision(8)))
        .isInstanceOfSatisfying(KvException.class, e -> {
          assertThat(e.error()).isEqualTo(KvError.FUTURE_REV);
          assertThat(e.code()).isEqualTo(11);
          assertThat(e.error().code().grpcName()).isEqualTo("OutOfRange");
          assertThat(e.getMessage())
              .isEqualTo("etcdserver: mvcc: required revision is a future revision");
        });
  }

  @Test
  void compactedRevisionsCannotBeReadButTheCompactionPointCan() {
    kv.compact(4);
    assertThatThrownBy(() -> kv.range(RangeRequest.key(b("a")).withRevision(3)))
        .hasMessage("etcdserver: mvcc: required revision has been compacted");
    assertThat(keys(kv.range(RangeRequest.range(b("a"), Bytes.ZERO).withRevision(4))))
        .containsExactly("a", "ab", "b");
  }

  @Test
  void rangesCanBeProposedThroughTheLogToo() {
    RangeResponse r = kv.ok(RangeRequest.prefix(b("a")));
    assertThat(keys(r)).containsExactly("a", "ab", "abc");
    assertThat(kv.sm.revision()).isEqualTo(7);
  }
}
