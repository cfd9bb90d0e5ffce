package io.coreactor.consensus.kv;

import static org.assertj.core.api.Assertions.assertThat;

import io.coreactor.consensus.kv.Compare.Result;
import io.coreactor.consensus.kv.Compare.Target;
import io.coreactor.consensus.kv.RangeRequest.SortOrder;
import io.coreactor.consensus.kv.RangeRequest.SortTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Random command sequences applied to two replicas, one of them snapshotted and restored
 * midway: they must answer alike and hold the same bytes. Reads are also checked against a
 * model rebuilt from the events alone. Prints its seed; {@code -Dkv.seed=N} replays it.
 */
class KvRandomizedTest {

  private static final int STEPS = 3000;
  private static final Bytes[] KEYS = {Bytes.of("a"), Bytes.of("a/1"), Bytes.of("a/2"),
      Bytes.of("a/3"), Bytes.of("b"), Bytes.of("b/1"), Bytes.of("c"), Bytes.of("d"),
      Bytes.copyOf(new byte[] {(byte) 0xff}), Bytes.copyOf(new byte[] {(byte) 0xff, 1})};
  private static final Bytes ALL = Bytes.ZERO;

  private Random rnd;
  private KvStateMachine a;
  private KvStateMachine b;
  private long index;
  /** State after each revision, rebuilt from events only: element r - 1 is revision r. */
  private final List<TreeMap<Bytes, KeyValue>> model = new ArrayList<>();
  private final List<Event> events = new ArrayList<>();

  @Test
  void replicasAgreeWithEachOtherAndWithTheirEvents() {
    long seed = Long.getLong("kv.seed", System.nanoTime());
    System.out.println("KvRandomizedTest seed=" + seed + " (replay with -Dkv.seed=" + seed + ")");
    rnd = new Random(seed);
    a = new KvStateMachine();
    b = new KvStateMachine();
    model.add(new TreeMap<>());
    try {
      for (int step = 1; step <= STEPS; step++) {
        step(request());
        if (step == STEPS / 2) {
          KvStateMachine restored = new KvStateMachine();
          restored.restore(b.snapshot());
          b = restored;
        }
        if (step % 50 == 0) {
          checkReplicasAgree();
          checkReadsMatchTheModel();
          checkLeaseAttachments(a);
          checkLeaseAttachments(b);
          checkCompactionKeptExactlyWhatReadsNeed();
        }
      }
      checkReplicasAgree();
      assertThat(a.revision()).as("the run wrote something").isGreaterThan(STEPS / 4);
    } catch (AssertionError e) {
      throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
    }
  }

  private void step(KvRequest request) {
    index++;
    long before = a.revision();
    Applied x;
    Applied y;
    try {
      byte[] command = KvCommand.encode(request);
      x = a.applyEntry(index, command);
      y = b.applyEntry(index, command);
    } catch (KvException refusedUpFront) {
      // The replicas refuse what etcd refuses before proposing, in the same words.
      x = a.applyRequest(index, request);
      y = b.applyRequest(index, request);
      assertThat(x.response()).isEqualTo(refusedUpFront);
    }
    assertThat(y).as("replica b's answer to %s", request).isEqualTo(x);
    if (x.events().isEmpty()) {
      assertThat(a.revision()).isEqualTo(before);
    } else {
      assertThat(a.revision()).isEqualTo(before + 1);
      assertThat(x.revision()).isEqualTo(a.revision());
      replay(x.events(), a.revision());
    }
  }

  /** Applies events to the model, checking the version rules etcd users rely on. */
  private void replay(List<Event> changes, long revision) {
    TreeMap<Bytes, KeyValue> state = new TreeMap<>(model.get(model.size() - 1));
    for (Event e : changes) {
      KeyValue prev = state.get(e.kv().key());
      assertThat(e.prevKv()).isEqualTo(prev);
      assertThat(e.kv().modRevision()).isEqualTo(revision);
      if (e.type() == Event.Type.PUT) {
        assertThat(e.kv().version()).isEqualTo(prev == null ? 1 : prev.version() + 1);
        assertThat(e.kv().createRevision())
            .isEqualTo(prev == null ? revision : prev.createRevision());
        state.put(e.kv().key(), e.kv());
      } else {
        assertThat(prev).isNotNull();
        state.remove(e.kv().key());
      }
    }
    model.add(state);
    events.addAll(changes);
  }

  private void checkReplicasAgree() {
    assertThat(b.hashKv(0)).isEqualTo(a.hashKv(0));
    assertThat(b.snapshot()).isEqualTo(a.snapshot());
    long low = Math.max(a.compactRevision() + 1, 1);
    if (low <= a.revision()) { // compacted at the current revision, no past revision is readable
      long rev = low + (long) rnd.nextInt((int) (a.revision() - low + 1));
      assertThat(b.hashKv(rev)).isEqualTo(a.hashKv(rev));
      RangeRequest r = RangeRequest.range(Bytes.ZERO, ALL).withRevision(rev);
      assertThat(b.range(r)).isEqualTo(a.range(r));
      assertThat(b.eventsSince(Bytes.ZERO, ALL, rev, 1000))
          .isEqualTo(a.eventsSince(Bytes.ZERO, ALL, rev, 1000));
    }
    assertThat(b.leases()).isEqualTo(a.leases());
    for (long id : a.leases().leases()) {
      assertThat(b.lease(id)).isEqualTo(a.lease(id));
    }
  }

  private void checkReadsMatchTheModel() {
    long low = Math.max(a.compactRevision(), 1);
    for (int i = 0; i < 5; i++) {
      long rev = low + (long) rnd.nextInt((int) (a.revision() - low + 1));
      List<KeyValue> expected = List.copyOf(model.get((int) rev - 1).values());
      assertThat(a.range(RangeRequest.range(Bytes.ZERO, ALL).withRevision(rev)).kvs())
          .as("everything at revision %d", rev).isEqualTo(expected);
      long start = Math.max(rev, a.compactRevision() + 1);
      List<Event> since = events.stream().filter(e -> e.kv().modRevision() >= start).toList();
      EventBatch batch = a.eventsSince(Bytes.ZERO, ALL, start, Integer.MAX_VALUE);
      assertThat(batch.events()).as("events since %d", start).isEqualTo(since);
    }
  }

  /**
   * The store keeps the versions visible at the compacted revision and every change after it,
   * nothing else (white box, through the snapshot).
   */
  private void checkCompactionKeptExactlyWhatReadsNeed() {
    long compacted = Math.max(a.compactRevision(), 1);
    List<KeyValue> expected = new ArrayList<>(model.get((int) compacted - 1).values());
    events.stream().filter(e -> e.kv().modRevision() > compacted).map(Event::kv)
        .forEach(expected::add);
    assertThat(StoreSnapshot.decode(a.snapshot()).store().versions())
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  private void checkLeaseAttachments(KvStateMachine sm) {
    TreeMap<Bytes, KeyValue> live = model.get(model.size() - 1);
    int attached = 0;
    for (long id : sm.leases().leases()) {
      for (Bytes key : sm.lease(id).orElseThrow().keys()) {
        assertThat(live.get(key).lease()).isEqualTo(id);
        attached++;
      }
    }
    assertThat(live.values().stream().filter(kv -> kv.lease() != 0).count()).isEqualTo(attached);
  }

  private Bytes key() {
    return KEYS[rnd.nextInt(KEYS.length)];
  }

  private long leaseId() {
    List<Long> live = a.leases().leases();
    if (!live.isEmpty() && rnd.nextInt(3) > 0) {
      return live.get(rnd.nextInt(live.size()));
    }
    return 1 + rnd.nextInt(4);
  }

  private KvRequest request() {
    int p = rnd.nextInt(100);
    if (p < 35) {
      return put();
    } else if (p < 47) {
      return delete();
    } else if (p < 67) {
      return txn(1);
    } else if (p < 69) {
      // Mostly a valid revision well behind the current one, sometimes one that is refused.
      long low = Math.max(a.compactRevision(), 0);
      long span = Math.max(1, (a.revision() - low) / 2);
      long rev = rnd.nextInt(5) == 0 ? low + rnd.nextInt((int) (a.revision() - low + 2))
          : low + 1 + rnd.nextInt((int) span);
      return new CompactionRequest(rev, false);
    } else if (p < 80 && a.leases().leases().size() < 4) {
      return new LeaseGrantRequest(rnd.nextInt(100), rnd.nextBoolean() ? 0 : 1 + rnd.nextInt(4));
    } else if (p < 86) {
      return new LeaseRevokeRequest(leaseId());
    }
    return range();
  }

  private PutRequest put() {
    PutRequest put = PutRequest.of(key(), Bytes.of("v" + rnd.nextInt(4)))
        .withPrevKv(rnd.nextBoolean());
    int p = rnd.nextInt(20);
    if (p < 8) {
      put = put.withLease(leaseId());
    } else if (p == 8) {
      put = new PutRequest(put.key(), Bytes.EMPTY, 0, put.prevKv(), true, false);
    } else if (p == 9) {
      put = put.withIgnoreLease(true);
    } else if (p == 10) {
      put = put.withIgnoreValue(true); // refused: a value is given
    }
    return put;
  }

  private DeleteRangeRequest delete() {
    Bytes key = key();
    return switch (rnd.nextInt(4)) {
      case 0 -> DeleteRangeRequest.key(key);
      case 1 -> DeleteRangeRequest.prefix(key).withPrevKv(true);
      case 2 -> DeleteRangeRequest.range(key, key());
      default -> DeleteRangeRequest.range(key, ALL);
    };
  }

  private RangeRequest range() {
    RangeRequest r = rnd.nextBoolean() ? RangeRequest.prefix(key())
        : RangeRequest.range(key(), rnd.nextBoolean() ? ALL : key());
    if (rnd.nextBoolean()) {
      r = r.withLimit(rnd.nextInt(4));
    }
    if (rnd.nextBoolean()) {
      r = r.withSort(SortOrder.values()[rnd.nextInt(3)], SortTarget.values()[rnd.nextInt(5)]);
    }
    if (rnd.nextInt(4) == 0) {
      r = r.withRevision(rnd.nextInt((int) a.revision() + 2));
    }
    return r.withKeysOnly(rnd.nextInt(5) == 0).withCountOnly(rnd.nextInt(8) == 0);
  }

  private TxnRequest txn(int depth) {
    List<Compare> compares = new ArrayList<>();
    for (int i = rnd.nextInt(3); i > 0; i--) {
      Result result = Result.values()[rnd.nextInt(4)];
      Compare c = switch (Target.values()[rnd.nextInt(5)]) {
        case VERSION -> Compare.version(key(), result, rnd.nextInt(3));
        case CREATE -> Compare.createRevision(key(), result, rnd.nextInt((int) a.revision() + 1));
        case MOD -> Compare.modRevision(key(), result, rnd.nextInt((int) a.revision() + 1));
        case VALUE -> Compare.value(key(), result, Bytes.of("v" + rnd.nextInt(4)));
        case LEASE -> Compare.lease(key(), result, leaseId());
      };
      compares.add(rnd.nextInt(4) == 0 ? c.withRangeEnd(c.key().prefixEnd()) : c);
    }
    return new TxnRequest(compares, ops(depth), ops(depth));
  }

  private List<RequestOp> ops(int depth) {
    List<RequestOp> ops = new ArrayList<>();
    for (int i = rnd.nextInt(4); i > 0; i--) {
      int p = rnd.nextInt(10);
      if (p < 4) {
        ops.add(put());
      } else if (p < 6) {
        ops.add(delete());
      } else if (p < 9 || depth == 0) {
        ops.add(range());
      } else {
        ops.add(txn(depth - 1));
      }
    }
    return ops;
  }
}
