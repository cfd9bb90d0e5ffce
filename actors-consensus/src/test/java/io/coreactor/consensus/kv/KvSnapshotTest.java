package io.coreactor.consensus.kv;

import static io.coreactor.consensus.kv.Kv.b;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Snapshots: a restored replica is indistinguishable from the original. */
class KvSnapshotTest {

  private static Kv busyStore() {
    Kv kv = new Kv();
    kv.grant(7, 30);
    kv.grant(8, 40);
    kv.put("a", "1", 7);
    kv.put("b", "1");
    kv.put("a", "2", 7);
    kv.put("c", "1", 8);
    kv.delete("b");
    kv.put("d", "1");
    kv.compact(4);
    kv.put("b", "2", 8);
    kv.txn(new TxnRequest(List.of(), List.of(PutRequest.of(b("e"), b("1")),
        DeleteRangeRequest.key(b("d"))), List.of()));
    return kv;
  }

  private static KvStateMachine restored(KvStateMachine from) {
    KvStateMachine to = new KvStateMachine();
    to.restore(from.snapshot());
    return to;
  }

  @Test
  void aRestoredStoreHasTheSameHashReadsLeasesAndHistory() {
    Kv kv = busyStore();
    KvStateMachine copy = restored(kv.sm);
    assertThat(copy.hashKv(0)).isEqualTo(kv.sm.hashKv(0));
    assertThat(copy.revision()).isEqualTo(kv.sm.revision());
    assertThat(copy.compactRevision()).isEqualTo(4);
    assertThat(copy.appliedIndex()).isEqualTo(kv.sm.appliedIndex());
    for (long rev = 4; rev <= kv.sm.revision(); rev++) {
      RangeRequest all = RangeRequest.range(Bytes.ZERO, Bytes.ZERO).withRevision(rev);
      assertThat(copy.range(all)).isEqualTo(kv.sm.range(all));
      assertThat(copy.hashKv(rev == 4 ? 0 : rev)).isEqualTo(kv.sm.hashKv(rev == 4 ? 0 : rev));
    }
    assertThat(copy.leases()).isEqualTo(kv.sm.leases());
    assertThat(copy.lease(7)).isEqualTo(kv.sm.lease(7));
    assertThat(copy.lease(8).orElseThrow().keys()).containsExactly(b("b"), b("c"));
    assertThat(copy.eventsSince(Bytes.ZERO, Bytes.ZERO, 4, 100))
        .isEqualTo(kv.sm.eventsSince(Bytes.ZERO, Bytes.ZERO, 4, 100));
    assertThat(copy.snapshot()).isEqualTo(kv.sm.snapshot());
  }

  @Test
  void aCapturedSnapshotIsTheStateAtTheCaptureWhateverIsAppliedBeforeItIsEncoded() {
    Kv kv = busyStore();
    byte[] atCapture = kv.sm.snapshot();
    java.util.function.Supplier<byte[]> capture = kv.sm.captureSnapshot();
    // Everything that changes the store after the capture: writes, deletes, leases, a compaction.
    kv.put("a", "3");
    kv.delete("c");
    kv.grant(9, 50);
    kv.compact(kv.sm.revision());
    kv.put("f", "1", 9);
    assertThat(capture.get()).isEqualTo(atCapture);
    assertThat(kv.sm.snapshot()).isNotEqualTo(atCapture);
  }

  @Test
  void aSnapshotEncodedInChunksIsTheSameBytesWhateverTheChunkSize() {
    Kv kv = busyStore();
    byte[] prefix = {9, 8, 7};
    byte[] whole = kv.sm.captureSnapshot(prefix).get();
    for (int chunkSize : new int[] {1, 7, 64, 100_000}) {
      java.util.List<byte[]> chunks = kv.sm.captureSnapshotChunks(prefix, chunkSize).get();
      java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream();
      chunks.forEach(joined::writeBytes);
      assertThat(joined.toByteArray()).as("chunks of %d", chunkSize).isEqualTo(whole);
      if (chunkSize == 1) {
        assertThat(chunks.size()).isGreaterThan(3);
      }
    }
  }

  @Test
  void aRestoredStoreKeepsAgreeingAsEntriesArrive() {
    Kv kv = busyStore();
    Kv copy = new Kv(restored(kv.sm));
    copy.index = kv.index;
    for (Kv k : List.of(kv, copy)) {
      k.apply(new LeaseRevokeRequest(8));
      k.put("a", "3");
      k.apply(new LeaseGrantRequest(10, 0));
    }
    assertThat(copy.get("b")).isNull();
    assertThat(copy.events).isEqualTo(kv.events.subList(kv.events.size() - copy.events.size(),
        kv.events.size()));
    assertThat(copy.sm.snapshot()).isEqualTo(kv.sm.snapshot());
  }

  @Test
  void entriesUpToTheSnapshotIndexAreSkippedAfterRestore() {
    Kv kv = busyStore();
    KvStateMachine copy = restored(kv.sm);
    long hash = copy.hashKv(0);
    assertThat(copy.apply(kv.index, KvCommand.encode(PutRequest.of(b("z"), b("1"))))).isNull();
    assertThat(copy.hashKv(0)).isEqualTo(hash);
    assertThat(copy.apply(kv.index + 1, KvCommand.encode(PutRequest.of(b("z"), b("1")))))
        .isInstanceOf(PutResponse.class);
  }

  @Test
  void anEmptySnapshotIsTheEmptyStore() {
    KvStateMachine sm = busyStore().sm;
    sm.restore(new byte[0]);
    assertThat(sm.revision()).isEqualTo(1);
    assertThat(sm.appliedIndex()).isZero();
    assertThat(sm.leases().leases()).isEmpty();
    assertThat(sm.range(RangeRequest.range(Bytes.ZERO, Bytes.ZERO)).count()).isZero();
    assertThat(sm.snapshot()).isEqualTo(new KvStateMachine().snapshot());
  }

  @Test
  void aDamagedSnapshotIsRefused() {
    byte[] snap = busyStore().sm.snapshot();
    byte[] flipped = snap.clone();
    flipped[snap.length / 2] ^= 0x40;
    KvStateMachine sm = new KvStateMachine();
    assertThatThrownBy(() -> sm.restore(flipped)).isInstanceOf(IllegalArgumentException.class);
    byte[] truncated = java.util.Arrays.copyOf(snap, snap.length - 5);
    assertThatThrownBy(() -> sm.restore(truncated)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> sm.restore(new byte[] {1, 2, 3, 4, 5, 6}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
