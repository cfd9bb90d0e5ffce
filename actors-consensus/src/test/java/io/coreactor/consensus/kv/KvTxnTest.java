package io.coreactor.consensus.kv;

import static io.coreactor.consensus.kv.Kv.b;
import static io.coreactor.consensus.kv.Kv.keys;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coreactor.consensus.kv.Compare.Result;
import io.coreactor.consensus.kv.Compare.Target;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Txn: compare semantics, branches, one revision, and refusals that change nothing. */
class KvTxnTest {

  private final Kv kv = new Kv();

  private static TxnRequest txn(List<Compare> cmp, List<RequestOp> success,
      List<RequestOp> failure) {
    return new TxnRequest(cmp, success, failure);
  }

  private static PutRequest put(String k, String v) {
    return PutRequest.of(b(k), b(v));
  }

  /**
   * Key "k" ends with create 2, mod 4, version 2, value "m", lease 5; every target compared
   * with a smaller, an equal and a larger operand under each result.
   */
  static Stream<Arguments> compares() {
    List<Arguments> args = new ArrayList<>();
    long[][] numbers = {{Target.VERSION.ordinal(), 2}, {Target.CREATE.ordinal(), 2},
        {Target.MOD.ordinal(), 4}, {Target.LEASE.ordinal(), 5}};
    for (Result result : Result.values()) {
      for (long[] n : numbers) {
        Target target = Target.values()[(int) n[0]];
        for (int delta = -1; delta <= 1; delta++) {
          // actual vs operand: the operand is actual - delta, so actual compares as delta
          args.add(Arguments.of(new Compare(result, target, b("k"), Bytes.EMPTY, n[1] - delta,
              Bytes.EMPTY), expected(result, delta)));
        }
      }
      String[] operands = {"n", "m", "l"};
      for (int delta = -1; delta <= 1; delta++) {
        args.add(Arguments.of(Compare.value(b("k"), result, b(operands[delta + 1])),
            expected(result, delta)));
      }
    }
    return args.stream();
  }

  private static boolean expected(Result result, int actualVsOperand) {
    return switch (result) {
      case EQUAL -> actualVsOperand == 0;
      case NOT_EQUAL -> actualVsOperand != 0;
      case GREATER -> actualVsOperand > 0;
      case LESS -> actualVsOperand < 0;
    };
  }

  @ParameterizedTest
  @MethodSource("compares")
  void eachTargetAndResultComparesLikeEtcd(Compare cmp, boolean holds) {
    kv.grant(5, 60);
    kv.put("k", "a", 5);
    kv.put("other", "x");
    kv.ok(PutRequest.of(b("k"), b("m")).withLease(5));
    TxnResponse r = kv.txn(txn(List.of(cmp), List.of(put("then", "1")), List.of(put("else", "1"))));
    assertThat(r.succeeded()).as("%s", cmp).isEqualTo(holds);
    assertThat(kv.get(holds ? "then" : "else")).isNotNull();
    assertThat(kv.get(holds ? "else" : "then")).isNull();
  }

  @Test
  void aMissingKeyComparesAsZerosButFailsEveryValueCompare() {
    assertThat(kv.txn(txn(List.of(Compare.version(b("none"), Result.EQUAL, 0),
        Compare.createRevision(b("none"), Result.EQUAL, 0),
        Compare.lease(b("none"), Result.EQUAL, 0)), List.of(), List.of())).succeeded()).isTrue();
    assertThat(kv.txn(txn(List.of(Compare.value(b("none"), Result.EQUAL, Bytes.EMPTY)),
        List.of(), List.of())).succeeded()).isFalse();
    assertThat(kv.txn(txn(List.of(Compare.value(b("none"), Result.NOT_EQUAL, b("x"))),
        List.of(), List.of())).succeeded()).isFalse();
  }

  @Test
  void aCompareWithARangeEndMustHoldForEveryKeyInTheRange() {
    kv.put("p/a", "1");
    kv.put("p/b", "1");
    kv.put("p/b", "2");
    Compare allNew = Compare.version(b("p/"), Result.EQUAL, 1).withRangeEnd(b("p/").prefixEnd());
    assertThat(kv.txn(txn(List.of(allNew), List.of(), List.of())).succeeded()).isFalse();
    Compare allExist = Compare.createRevision(b("p/"), Result.GREATER, 0)
        .withRangeEnd(b("p/").prefixEnd());
    assertThat(kv.txn(txn(List.of(allExist), List.of(), List.of())).succeeded()).isTrue();
    Compare fromKey = Compare.value(b("p/b"), Result.EQUAL, b("2")).withRangeEnd(Bytes.ZERO);
    assertThat(kv.txn(txn(List.of(fromKey), List.of(), List.of())).succeeded()).isTrue();
  }

  @Test
  void theWholeTxnIsOneRevisionAndItsReadsSeeItsEarlierWrites() {
    kv.put("a", "0");
    kv.put("c", "0");
    TxnResponse r = kv.txn(txn(List.of(), List.of(put("a", "1"), put("b", "1"),
        RangeRequest.range(b("a"), Bytes.ZERO), DeleteRangeRequest.key(b("c")),
        RangeRequest.range(b("a"), Bytes.ZERO)), List.of()));
    assertThat(r.header().revision()).isEqualTo(4);
    assertThat(kv.sm.revision()).isEqualTo(4);
    assertThat(((PutResponse) r.responses().get(0)).header().revision()).isEqualTo(4);
    RangeResponse firstRead = (RangeResponse) r.responses().get(2);
    assertThat(keys(firstRead)).containsExactly("a", "b", "c");
    assertThat(firstRead.kvs().get(0).version()).isEqualTo(2);
    assertThat(((DeleteRangeResponse) r.responses().get(3)).deleted()).isEqualTo(1);
    assertThat(keys((RangeResponse) r.responses().get(4))).containsExactly("a", "b");
    assertThat(kv.events).extracting(e -> e.kv().modRevision())
        .containsExactly(2L, 3L, 4L, 4L, 4L);
  }

  @Test
  void aTxnThatChangesNothingKeepsTheRevision() {
    kv.put("a", "0");
    TxnResponse r = kv.txn(txn(List.of(), List.of(RangeRequest.key(b("a")),
        DeleteRangeRequest.key(b("missing"))), List.of()));
    assertThat(r.header().revision()).isEqualTo(2);
    assertThat(kv.sm.revision()).isEqualTo(2);
  }

  @Test
  void nestedTxnsDecideTheirBranchesOnTheStateBeforeTheOuterTxn() {
    kv.put("flag", "off");
    TxnRequest inner = txn(List.of(Compare.value(b("flag"), Result.EQUAL, b("off"))),
        List.of(put("inner", "saw-off")), List.of(put("inner", "saw-on")));
    TxnResponse r = kv.txn(txn(List.of(), List.of(put("flag", "on"), inner), List.of()));
    TxnResponse innerResponse = (TxnResponse) r.responses().get(1);
    assertThat(innerResponse.succeeded()).isTrue();
    assertThat(kv.get("inner").value()).isEqualTo(b("saw-off"));
    assertThat(kv.get("inner").modRevision()).isEqualTo(3);
  }

  @Test
  void writingAKeyTwiceInABranchIsADuplicateAndChangesNothing() {
    kv.put("a", "0");
    long hash = kv.sm.hashKv(0);
    List<TxnRequest> duplicates = List.of(
        txn(List.of(), List.of(put("a", "1"), put("a", "2")), List.of()),
        txn(List.of(), List.of(put("b", "1"), DeleteRangeRequest.key(b("b"))), List.of()),
        txn(List.of(), List.of(DeleteRangeRequest.prefix(b("a")), put("ab", "1")), List.of()),
        txn(List.of(), List.of(put("c", "1"),
            txn(List.of(), List.of(put("c", "2")), List.of())), List.of()),
        txn(List.of(), List.of(txn(List.of(), List.of(put("d", "1")), List.of()),
            txn(List.of(), List.of(DeleteRangeRequest.key(b("d"))), List.of())), List.of()),
        // the failure branch is checked too, even though the success branch would run
        txn(List.of(), List.of(put("e", "1")), List.of(put("f", "1"), put("f", "2"))));
    for (TxnRequest t : duplicates) {
      assertThatThrownBy(() -> KvCommand.encode(t))
          .hasMessage("etcdserver: duplicate key given in txn request");
      assertThat(kv.refused(t)).isEqualTo(KvError.DUPLICATE_KEY);
    }
    assertThat(kv.sm.revision()).isEqualTo(2);
    assertThat(kv.sm.hashKv(0)).isEqualTo(hash);
    assertThat(kv.get("a").value()).isEqualTo(b("0"));
    assertThat(kv.get("b")).isNull();
  }

  @Test
  void deletingAKeyTwiceOrPuttingItInBothNestedBranchesIsAllowed() {
    kv.put("a", "0");
    kv.txn(txn(List.of(), List.of(DeleteRangeRequest.key(b("a")),
        DeleteRangeRequest.prefix(b("a"))), List.of()));
    assertThat(kv.get("a")).isNull();
    TxnRequest inner = txn(List.of(Compare.version(b("a"), Result.EQUAL, 0)),
        List.of(put("x", "then")), List.of(put("x", "else")));
    kv.txn(txn(List.of(), List.of(inner), List.of()));
    assertThat(kv.get("x").value()).isEqualTo(b("then"));
  }

  @Test
  void aRefusedOpOnTheChosenPathLeavesTheWholeTxnUnapplied() {
    kv.put("a", "0");
    TxnRequest missingLease = txn(List.of(), List.of(put("a", "1"),
        PutRequest.of(b("b"), b("1")).withLease(99)), List.of());
    assertThat(kv.refused(missingLease)).isEqualTo(KvError.LEASE_NOT_FOUND);
    TxnRequest ignoreMissing = txn(List.of(), List.of(put("a", "1"),
        PutRequest.of(b("nope"), Bytes.EMPTY).withIgnoreValue(true)), List.of());
    assertThat(kv.refused(ignoreMissing)).isEqualTo(KvError.KEY_NOT_FOUND);
    TxnRequest futureRead = txn(List.of(), List.of(put("a", "1"),
        RangeRequest.key(b("a")).withRevision(3)), List.of());
    assertThat(kv.refused(futureRead)).isEqualTo(KvError.FUTURE_REV);
    assertThat(kv.get("a").value()).isEqualTo(b("0"));
    assertThat(kv.sm.revision()).isEqualTo(2);
  }

  @Test
  void aRefusedOpOnTheBranchNotTakenDoesNotMatter() {
    TxnRequest t = txn(List.of(Compare.version(b("a"), Result.EQUAL, 0)),
        List.of(put("a", "1")), List.of(PutRequest.of(b("b"), b("1")).withLease(99)));
    assertThat(kv.txn(t).succeeded()).isTrue();
    assertThat(kv.get("a").value()).isEqualTo(b("1"));
  }

  @Test
  void tooManyOpsAndEmptyCompareKeysAreRefused() {
    List<RequestOp> ops = new ArrayList<>();
    for (int i = 0; i < 129; i++) {
      ops.add(put("k" + i, "v"));
    }
    assertThatThrownBy(() -> KvCommand.encode(txn(List.of(), ops, List.of())))
        .hasMessage("etcdserver: too many operations in txn request");
    assertThat(kv.refused(txn(List.of(), ops, List.of()))).isEqualTo(KvError.TOO_MANY_OPS);
    assertThat(kv.refused(txn(List.of(Compare.version(Bytes.EMPTY, Result.EQUAL, 0)),
        List.of(), List.of()))).isEqualTo(KvError.EMPTY_KEY);
    kv.txn(txn(List.of(), ops.subList(0, 128), List.of()));
    assertThat(kv.range(RangeRequest.prefix(b("k"))).count()).isEqualTo(128);
  }

  @Test
  void readOnlyTxnsAreServedFromLocalState() {
    kv.put("a", "1");
    TxnResponse r = kv.sm.readTxn(txn(List.of(Compare.value(b("a"), Result.EQUAL, b("1"))),
        List.of(RangeRequest.key(b("a"))), List.of()));
    assertThat(r.succeeded()).isTrue();
    assertThat(keys((RangeResponse) r.responses().get(0))).containsExactly("a");
    assertThat(r.header().revision()).isEqualTo(2);
    assertThatThrownBy(() -> kv.sm.readTxn(txn(List.of(), List.of(put("a", "2")), List.of())))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Collections.unmodifiableList(kv.events)).hasSize(1);
  }
}
