package io.coreactor.consensus.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.coreactor.consensus.kv.Bytes;
import io.coreactor.consensus.kv.Event;
import io.coreactor.consensus.kv.KeyValue;
import io.coreactor.consensus.kv.KvCommand;
import io.coreactor.consensus.kv.KvConfig;
import io.coreactor.consensus.kv.KvError;
import io.coreactor.consensus.kv.KvException;
import io.coreactor.consensus.kv.KvRequest;
import io.coreactor.consensus.kv.Lease;
import io.coreactor.consensus.kv.LeaseGrantRequest;
import io.coreactor.consensus.kv.LeaseRevokeRequest;
import io.coreactor.consensus.kv.PutRequest;
import io.coreactor.consensus.kv.PutResponse;
import io.coreactor.consensus.kv.RangeRequest;
import io.coreactor.consensus.raft.ConfChange;
import io.coreactor.consensus.raft.Entry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The state machine adapter on its own: entries in, responses, registry, feed and snapshots out. */
class KvStoreTest {

  private static final long SELF = 7;

  private final KvStore store = new KvStore(KvConfig.DEFAULT, SELF, Runnable::run);
  private long index;

  private Object apply(KvRequest request, long origin, long requestId) {
    byte[] data = new InternalRequest(InternalRequest.Kind.KV, origin, requestId, KvCommand.encode(request)).encode();
    return store.apply(Entry.normal(++index, 1, data));
  }

  private Object apply(InternalRequest.Kind kind, MemberAttributes attributes) {
    byte[] payload = attributes.toJson().getBytes(StandardCharsets.UTF_8);
    return store.apply(Entry.normal(++index, 1, InternalRequest.unattended(kind, payload).encode()));
  }

  private void change(ConfChange change) {
    store.applyConfChange(new Entry(++index, 1, Entry.Type.CONF_CHANGE, change.encode()), change);
  }

  private static PutRequest put(String key, String value) {
    return PutRequest.of(Bytes.of(key), Bytes.of(value));
  }

  @Test
  void theDbSizeIsTheSnapshotsLengthCountedWithoutEncodingIt() {
    apply(InternalRequest.Kind.PUBLISH, new MemberAttributes(SELF, "n1", List.of("http://p"), List.of("http://c"), 0));
    apply(new LeaseGrantRequest(30, 44), SELF, 1);
    for (int i = 0; i < 50; i++) {
      apply(PutRequest.of(Bytes.of("/k" + (i % 20)), Bytes.of("v".repeat(i * 7))), SELF, 100 + i);
    }
    apply(PutRequest.of(Bytes.of("/leased"), Bytes.of("x")).withLease(44), SELF, 200);

    assertThat(store.snapshotSize()).isEqualTo(store.snapshot().length);
  }

  @Test
  void anEntryThatIsNotACommandIsReportedNotThrown() {
    assertThat(store.apply(Entry.normal(++index, 1, new byte[] {1, 2, 3}))).asString().startsWith("invalid entry");
    byte[] noCommand = new InternalRequest(InternalRequest.Kind.KV, 0, 0, new byte[] {9}).encode();
    assertThat(store.apply(Entry.normal(++index, 1, noCommand))).asString().startsWith("invalid KV command");

    assertThat(apply(put("/a", "1"), 0, 0)).isNull();
    assertThat(store.revision()).isEqualTo(2);
  }

  @Test
  void onlyTheProposingMembersReplicaAnswersItsCaller() {
    CompletableFuture<Object> mine = store.expect(5);
    CompletableFuture<Object> notMine = store.expect(6);
    apply(put("/a", "1"), SELF, 5);
    apply(put("/b", "1"), SELF + 1, 6);

    assertThat(mine).isCompletedWithValueMatching(r -> r instanceof PutResponse p && p.header().revision() == 2);
    assertThat(notMine).isNotDone();

    CompletableFuture<Object> refused = store.expect(9);
    apply(new LeaseRevokeRequest(123), SELF, 9);
    assertThat(refused).isCompletedExceptionally();
    assertThat(refused.handle((r, e) -> ((KvException) e).error()).join()).isEqualTo(KvError.LEASE_NOT_FOUND);
  }

  @Test
  void membershipEntriesPublishesAndUpdatesMaintainTheRegistry() {
    change(new ConfChange(ConfChange.Type.ADD_VOTER, 4,
        new MemberAttributes(0, "", List.of("http://h4:2380"), List.of(), 0).toJson()));
    assertThat(store.members().get(4L).peerUrls()).containsExactly("http://h4:2380");

    apply(InternalRequest.Kind.PUBLISH, new MemberAttributes(4, "n4", List.of("http://ignored:1"),
        List.of("http://h4:2379"), 99));
    apply(InternalRequest.Kind.UPDATE_MEMBER, new MemberAttributes(4, "", List.of("http://h4b:2380"), List.of(), 0));
    MemberAttributes n4 = store.members().get(4L);
    assertThat(n4.name()).isEqualTo("n4");
    assertThat(n4.peerUrls()).containsExactly("http://h4b:2380");
    assertThat(n4.clientUrls()).containsExactly("http://h4:2379");
    assertThat(store.publishedClusterId()).isEqualTo(99);

    change(new ConfChange(ConfChange.Type.ADD_LEARNER, 5, "{not json"));   // garbage context: no attributes
    assertThat(store.members().get(5L)).isEqualTo(new MemberAttributes(5, "", List.of(), List.of(), 0));
    change(new ConfChange(ConfChange.Type.REMOVE, 4));
    apply(InternalRequest.Kind.PUBLISH, new MemberAttributes(4, "late", List.of(), List.of(), 0));
    assertThat(store.members()).containsOnlyKeys(5L);
  }

  @Test
  void theSnapshotHoldsKeysLeasesAndMembersAndTheSameStateGivesTheSameBytes() {
    apply(put("/a", "1"), 0, 0);
    apply(new LeaseGrantRequest(30, 77), 0, 0);
    apply(put("/b", "2").withLease(77), 0, 0);
    change(new ConfChange(ConfChange.Type.ADD_VOTER, 4,
        new MemberAttributes(0, "", List.of("http://h4:2380"), List.of(), 0).toJson()));
    apply(InternalRequest.Kind.PUBLISH, new MemberAttributes(4, "n4", List.of(), List.of("http://h4:2379"), 99));

    byte[] snapshot = store.snapshot();
    KvStore copy = new KvStore(KvConfig.DEFAULT, 8, Runnable::run);
    copy.restore(snapshot);

    assertThat(copy.snapshot()).isEqualTo(snapshot);
    assertThat(copy.members()).isEqualTo(store.members());
    assertThat(copy.publishedClusterId()).isEqualTo(99);
    List<KeyValue> copied = copy.read(kv -> kv.range(RangeRequest.prefix(Bytes.of("/"))).kvs());
    List<KeyValue> original = store.read(kv -> kv.range(RangeRequest.prefix(Bytes.of("/"))).kvs());
    assertThat(copied).hasSize(2).isEqualTo(original);
    Optional<Lease> lease = copy.read(kv -> kv.lease(77));
    assertThat(lease).hasValueSatisfying(l -> assertThat(l.keys()).containsExactly(Bytes.of("/b")));

    copy.restore(new byte[0]);
    assertThat(copy.revision()).isEqualTo(1);
    assertThat(copy.members()).isEmpty();
  }

  @Test
  void theFeedSeesEventsAndLeasesInApplyOrder() {
    List<String> fed = new ArrayList<>();
    store.attach(new KvStore.Feed() {
      public void applied(long revision, List<Event> events) {
        fed.add("applied " + revision + " " + events.size());
      }

      public void leaseGranted(long id, long ttl) {
        fed.add("granted " + id + " " + ttl);
      }

      public void leaseRevoked(long id) {
        fed.add("revoked " + id);
      }

      public void restored() {
        fed.add("restored");
      }
    });
    apply(new LeaseGrantRequest(10, 5), 0, 0);
    apply(put("/a", "1").withLease(5), 0, 0);
    apply(put("/b", "1").withLease(5), 0, 0);
    apply(new LeaseRevokeRequest(5), 0, 0);
    store.restore(store.snapshot());

    assertThat(fed).containsExactly("granted 5 10", "applied 2 1", "applied 3 1", "applied 4 2", "revoked 5", "restored");
  }
}
