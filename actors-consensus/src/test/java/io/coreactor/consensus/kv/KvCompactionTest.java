package io.coreactor.consensus.kv;

import static io.coreactor.consensus.kv.Kv.b;
import static io.coreactor.consensus.kv.Kv.keys;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Compaction and the content hash. */
class KvCompactionTest {

  private final Kv kv = new Kv();

  @Test
  void compactionKeepsTheLatestVersionOfEachLiveKeyAtOrBelowIt() {
    kv.put("a", "1");  // 2
    kv.put("a", "2");  // 3
    kv.put("b", "1");  // 4
    kv.delete("b");    // 5
    kv.put("c", "1");  // 6
    kv.delete("c");    // 7
    kv.put("a", "3");  // 8
    CompactionResponse r = kv.compact(6);
    assertThat(r.header().revision()).isEqualTo(8);
    assertThat(kv.sm.compactRevision()).isEqualTo(6);
    RangeResponse at6 = kv.range(RangeRequest.range(b("a"), Bytes.ZERO).withRevision(6));
    assertThat(keys(at6)).containsExactly("a", "c");
    assertThat(at6.kvs().get(0).value()).isEqualTo(b("2"));
    assertThat(kv.getAt("c", 7)).isNull();
    assertThat(kv.get("a").value()).isEqualTo(b("3"));
    assertThatThrownBy(() -> kv.getAt("a", 5)).isInstanceOfSatisfying(KvException.class,
        e -> assertThat(e.error()).isEqualTo(KvError.COMPACTED));
  }

  @Test
  void compactionForgetsEveryVersionNoReadCanSee() {
    kv.put("a", "1");  // 2
    kv.put("a", "2");  // 3
    kv.put("b", "1");  // 4
    kv.delete("b");    // 5
    kv.put("c", "1");  // 6
    kv.delete("c");    // 7
    kv.put("a", "3");  // 8
    int before = kv.sm.snapshot().length;
    kv.compact(6);
    // Kept: a's version visible at 6, and everything after 6. b is gone, tombstone and all.
    assertThat(keptRevisions(kv.sm)).containsExactly(3L, 6L, 7L, 8L);
    assertThat(kv.sm.snapshot().length).isLessThan(before);
    kv.compact(8);
    assertThat(keptRevisions(kv.sm)).containsExactly(8L);
  }

  /** White box: the main revisions still stored, from the snapshot. */
  static List<Long> keptRevisions(KvStateMachine sm) {
    return StoreSnapshot.decode(sm.snapshot()).store().revisions().stream()
        .map(Revision::main).toList();
  }

  @Test
  void versionsAndCreateRevisionsSurviveCompaction() {
    kv.put("a", "1");
    kv.put("a", "2");
    kv.put("a", "3");
    kv.compact(4);
    kv.put("a", "4");
    assertThat(kv.get("a").version()).isEqualTo(4);
    assertThat(kv.get("a").createRevision()).isEqualTo(2);
  }

  @Test
  void compactingAtOrBelowThePreviousCompactionOrInTheFutureIsRefused() {
    kv.put("a", "1");
    kv.put("a", "2");
    kv.compact(2);
    assertThat(kv.refused(new CompactionRequest(2, false))).isEqualTo(KvError.COMPACTED);
    assertThat(kv.refused(new CompactionRequest(1, false))).isEqualTo(KvError.COMPACTED);
    assertThat(kv.refused(new CompactionRequest(4, true))).isEqualTo(KvError.FUTURE_REV);
    kv.compact(3);
    assertThat(kv.sm.compactRevision()).isEqualTo(3);
  }

  @Test
  void aKeyDeletedAfterTheCompactionPointIsStillReadableThere() {
    kv.put("a", "1");  // 2
    kv.put("x", "1");  // 3
    kv.delete("a");    // 4
    kv.compact(3);
    assertThat(kv.getAt("a", 3).value()).isEqualTo(b("1"));
    assertThat(kv.getAt("a", 4)).isNull();
    assertThat(kv.sm.eventsSince(b("a"), Bytes.EMPTY, 4, 10).events().get(0).prevKv().value())
        .isEqualTo(b("1"));
  }

  @Test
  void theHashOfAPastRevisionIgnoresLaterWrites() {
    kv.put("a", "1");
    kv.put("b", "1");
    long atThree = kv.sm.hashKv(3);
    assertThat(kv.sm.hashKv(0)).isEqualTo(atThree);
    kv.put("c", "1");
    assertThat(kv.sm.hashKv(3)).isEqualTo(atThree);
    assertThat(kv.sm.hashKv(0)).isNotEqualTo(atThree);
  }

  @Test
  void theHashDependsOnContent() {
    Kv other = new Kv();
    kv.put("a", "1");
    other.put("a", "2");
    assertThat(kv.sm.hashKv(0)).isNotEqualTo(other.sm.hashKv(0));
    other.compact(2);
    kv.compact(2);
    kv.put("a", "2");
    other.put("a", "1");
    assertThat(kv.sm.hashKv(0)).isNotEqualTo(other.sm.hashKv(0));
  }

  @Test
  void hashingACompactedOrFutureRevisionIsRefusedAsByEtcdsHashKv() {
    kv.put("a", "1");
    kv.put("a", "2");
    kv.compact(2);
    assertThatThrownBy(() -> kv.sm.hashKv(2)).isInstanceOfSatisfying(KvException.class,
        e -> assertThat(e.error()).isEqualTo(KvError.COMPACTED));
    assertThatThrownBy(() -> kv.sm.hashKv(4)).isInstanceOfSatisfying(KvException.class,
        e -> assertThat(e.error()).isEqualTo(KvError.FUTURE_REV));
    assertThat(kv.sm.hashKv(3)).isEqualTo(kv.sm.hashKv(0));
  }
}
