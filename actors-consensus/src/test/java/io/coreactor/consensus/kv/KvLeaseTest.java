package io.coreactor.consensus.kv;

import static io.coreactor.consensus.kv.Kv.b;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Leases: grant, attach and detach, revoke at one revision, time-to-live and listing. */
class KvLeaseTest {

  private final Kv kv = new Kv();

  @Test
  void grantWithAGivenIdAndTtl() {
    LeaseGrantResponse r = kv.ok(new LeaseGrantRequest(30, 7));
    assertThat(r.id()).isEqualTo(7);
    assertThat(r.ttl()).isEqualTo(30);
    assertThat(r.header().revision()).isEqualTo(1);
    assertThat(kv.sm.lease(7)).contains(new Lease(7, 30, List.of()));
  }

  @Test
  void aServerChosenIdIsDerivedFromTheRaftIndexSoEveryReplicaAgrees() {
    KvStateMachine a = new KvStateMachine();
    KvStateMachine b = new KvStateMachine();
    byte[] grant = KvCommand.encode(new LeaseGrantRequest(30, 0));
    LeaseGrantResponse ra = (LeaseGrantResponse) a.apply(9, grant);
    LeaseGrantResponse rb = (LeaseGrantResponse) b.apply(9, grant);
    assertThat(ra.id()).isPositive().isEqualTo(rb.id());
    LeaseGrantResponse next = (LeaseGrantResponse) a.apply(10, grant);
    assertThat(next.id()).isPositive().isNotEqualTo(ra.id());
  }

  @Test
  void aServerChosenIdSkipsIdsInUse() {
    Lessor lessor = new Lessor();
    long first = Applier.chooseLeaseId(3, lessor);
    lessor.grant(first, 10);
    assertThat(Applier.chooseLeaseId(3, lessor)).isEqualTo(first + 1);
  }

  @Test
  void grantingAnExistingIdIsRefused() {
    kv.grant(7, 30);
    assertThatThrownBy(() -> kv.grant(7, 60)).isInstanceOfSatisfying(KvException.class, e -> {
      assertThat(e.error()).isEqualTo(KvError.LEASE_EXIST);
      assertThat(e.code()).isEqualTo(9);
      assertThat(e.getMessage()).isEqualTo("etcdserver: lease already exists");
    });
  }

  @Test
  void shortTtlsAreRaisedToTheMinimumAndHugeOnesRefused() {
    assertThat(((LeaseGrantResponse) kv.ok(new LeaseGrantRequest(1, 1))).ttl()).isEqualTo(2);
    assertThat(((LeaseGrantResponse) kv.ok(new LeaseGrantRequest(-5, 2))).ttl()).isEqualTo(2);
    assertThat(kv.refused(new LeaseGrantRequest(KvConfig.MAX_LEASE_TTL + 1, 3)))
        .isEqualTo(KvError.LEASE_TTL_TOO_LARGE);
    assertThat(KvError.LEASE_TTL_TOO_LARGE.message()).isEqualTo("etcdserver: too large lease TTL");
  }

  @Test
  void putWithAMissingLeaseIsRefusedAndChangesNothing() {
    assertThatThrownBy(() -> kv.put("k", "v", 42)).isInstanceOfSatisfying(KvException.class,
        e -> {
          assertThat(e.error()).isEqualTo(KvError.LEASE_NOT_FOUND);
          assertThat(e.code()).isEqualTo(5);
          assertThat(e.getMessage()).isEqualTo("etcdserver: requested lease not found");
        });
    assertThat(kv.get("k")).isNull();
    assertThat(kv.sm.revision()).isEqualTo(1);
  }

  @Test
  void keysAttachOnPutAndDetachWhenOverwrittenWithoutTheLeaseOrDeleted() {
    kv.grant(7, 30);
    kv.put("a", "1", 7);
    kv.put("b", "1", 7);
    kv.put("c", "1", 7);
    assertThat(kv.sm.lease(7).orElseThrow().keys()).containsExactly(b("a"), b("b"), b("c"));
    kv.put("a", "2");
    kv.delete("b");
    assertThat(kv.sm.lease(7).orElseThrow().keys()).containsExactly(b("c"));
    assertThat(kv.get("a").lease()).isZero();
  }

  @Test
  void aKeyMovesFromOneLeaseToAnother() {
    kv.grant(1, 30);
    kv.grant(2, 30);
    kv.put("k", "v", 1);
    kv.put("k", "v", 2);
    assertThat(kv.sm.lease(1).orElseThrow().keys()).isEmpty();
    assertThat(kv.sm.lease(2).orElseThrow().keys()).containsExactly(b("k"));
  }

  @Test
  void revokeDeletesTheAttachedKeysAtOneRevision() {
    kv.grant(7, 30);
    kv.put("b", "1", 7);
    kv.put("a", "1", 7);
    kv.put("other", "1");
    long before = kv.sm.revision();
    Applied revoked = kv.apply(new LeaseRevokeRequest(7));
    assertThat(((LeaseRevokeResponse) revoked.response()).header().revision())
        .isEqualTo(before + 1);
    assertThat(kv.sm.revision()).isEqualTo(before + 1);
    assertThat(revoked.events()).extracting(Event::type)
        .containsExactly(Event.Type.DELETE, Event.Type.DELETE);
    assertThat(revoked.events()).extracting(e -> e.kv().key()).containsExactly(b("a"), b("b"));
    assertThat(revoked.events()).extracting(e -> e.kv().modRevision())
        .containsOnly(before + 1);
    assertThat(kv.get("a")).isNull();
    assertThat(kv.get("other")).isNotNull();
    assertThat(kv.sm.lease(7)).isEmpty();
    assertThat(kv.refused(new LeaseRevokeRequest(7))).isEqualTo(KvError.LEASE_NOT_FOUND);
  }

  @Test
  void revokingALeaseWithoutKeysKeepsTheRevision() {
    kv.grant(7, 30);
    kv.revoke(7);
    assertThat(kv.sm.revision()).isEqualTo(1);
    assertThat(kv.sm.leases().leases()).isEmpty();
  }

  @Test
  void timeToLiveReportsTheGrantedTtlAndKeysAndMinusOneForAMissingLease() {
    kv.grant(7, 30);
    kv.put("k", "v", 7);
    LeaseTimeToLiveResponse withKeys = kv.sm.timeToLive(new LeaseTimeToLiveRequest(7, true));
    assertThat(withKeys.grantedTtl()).isEqualTo(30);
    assertThat(withKeys.ttl()).isEqualTo(30);
    assertThat(withKeys.keys()).containsExactly(b("k"));
    assertThat(kv.sm.timeToLive(new LeaseTimeToLiveRequest(7, false)).keys()).isEmpty();
    LeaseTimeToLiveResponse missing = kv.sm.timeToLive(new LeaseTimeToLiveRequest(8, true));
    assertThat(missing.ttl()).isEqualTo(-1);
    assertThat(missing.id()).isEqualTo(8);
  }

  @Test
  void leasesAreListedInIdOrder() {
    kv.grant(30, 10);
    kv.grant(4, 10);
    kv.grant(12, 10);
    assertThat(kv.sm.leases().leases()).containsExactly(4L, 12L, 30L);
  }

  @Test
  void aLeaseCompareSeesTheAttachedLease() {
    kv.grant(7, 30);
    kv.put("k", "v", 7);
    TxnRequest t = new TxnRequest(List.of(Compare.lease(b("k"), Compare.Result.EQUAL, 7)),
        List.of(DeleteRangeRequest.key(b("k"))), List.of());
    assertThat(kv.txn(t).succeeded()).isTrue();
    assertThat(kv.sm.lease(7).orElseThrow().keys()).isEmpty();
  }
}
