package io.coreactor.consensus.kv;

import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * etcd's v3 key-value store as a deterministic state machine for Raft: committed entries go in
 * through {@link #apply}, in log order, and every replica that applies the same entries holds
 * the same state, byte for byte in {@link #snapshot()} and in {@link #hashKv(long)}. No threads,
 * no clock, no I/O: the actor shell owns time (lease expiry becomes a proposed
 * {@link LeaseRevokeRequest}), reads after ReadIndex, and the watchers fed by the events.
 *
 * <p>Not thread-safe: one actor owns it.
 */
public final class KvStateMachine {

  private final KvConfig config;
  private MvccStore store;
  private Applier applier;
  private long appliedIndex;

  public KvStateMachine() {
    this(KvConfig.DEFAULT);
  }

  public KvStateMachine(KvConfig config) {
    this.config = config;
    reset(new MvccStore(), 0);
  }

  private void reset(MvccStore store, long appliedIndex) {
    this.store = store;
    this.applier = new Applier(store, config);
    this.appliedIndex = appliedIndex;
  }

  /**
   * Applies one committed entry and returns its response: a {@link KvResponse}, or the
   * {@link KvException} that refused it (returned, not thrown; the store is unchanged), or null
   * for an entry without a command (a new leader's empty entry) or one already applied.
   *
   * @throws IllegalArgumentException if the command is not a valid {@link KvCommand}
   */
  public Object apply(long raftIndex, byte[] command) {
    return applyEntry(raftIndex, command).response();
  }

  /**
   * Like {@link #apply}, also returning the events the entry produced, for watchers. An entry
   * at or below {@link #appliedIndex()} is already part of the state, as after restoring a
   * snapshot, and is skipped like etcd skips entries below its consistent index.
   */
  public Applied applyEntry(long raftIndex, byte[] command) {
    if (raftIndex <= appliedIndex) {
      return Applied.NOTHING;
    }
    KvRequest request = command == null || command.length == 0 ? null : KvCommand.decode(command);
    appliedIndex = raftIndex;
    return request == null ? Applied.NOTHING : applier.apply(raftIndex, request);
  }

  /** Applies a request as the entry at {@code raftIndex}, without the encoding round trip. */
  public Applied applyRequest(long raftIndex, KvRequest request) {
    if (raftIndex <= appliedIndex) {
      return Applied.NOTHING;
    }
    appliedIndex = raftIndex;
    return applier.apply(raftIndex, request);
  }

  /** The whole state, including the applied index, in a deterministic binary form. */
  public byte[] snapshot() {
    return StoreSnapshot.encode(appliedIndex, store);
  }

  /**
   * The same bytes as {@link #snapshot()} of the state as it is now, made later: this call
   * only copies references (the caller keeps writers out meanwhile), and the supplier
   * encodes on any thread while the store goes on changing.
   */
  public Supplier<byte[]> captureSnapshot() {
    return captureSnapshot(new byte[0]);
  }

  /**
   * The length of {@link #snapshot()} of the state as it is now, later: like
   * {@link #captureSnapshot()} this call only copies references, and the supplier counts the
   * bytes on any thread without encoding them (a store of 300k versions is about 60 MB).
   */
  public LongSupplier captureSnapshotSize() {
    StoreSnapshot.Capture capture = StoreSnapshot.capture(appliedIndex, store);
    return capture::encodedSize;
  }

  /**
   * Like {@link #captureSnapshot(byte[])}, the bytes in chunks of about {@code chunkSize}
   * (their concatenation is the same bytes), so that no one array holds the whole snapshot.
   */
  public Supplier<List<byte[]>> captureSnapshotChunks(byte[] prefix, int chunkSize) {
    StoreSnapshot.Capture capture = StoreSnapshot.capture(appliedIndex, store);
    return () -> capture.encodeChunks(prefix, chunkSize);
  }

  /** Like {@link #captureSnapshot()}, the bytes preceded by {@code prefix} (an envelope's header, say). */
  public Supplier<byte[]> captureSnapshot(byte[] prefix) {
    StoreSnapshot.Capture capture = StoreSnapshot.capture(appliedIndex, store);
    return () -> capture.encode(prefix);
  }

  /**
   * Replaces the state with a snapshot's; an empty array is the empty store.
   *
   * @throws IllegalArgumentException if the data is not an intact snapshot
   */
  public void restore(byte[] data) {
    if (data == null || data.length == 0) {
      reset(new MvccStore(), 0);
    } else {
      StoreSnapshot.Restored r = StoreSnapshot.decode(data);
      reset(r.store(), r.appliedIndex());
    }
  }

  /** The index of the last entry applied, 0 for an empty store. */
  public long appliedIndex() {
    return appliedIndex;
  }

  /** The current revision: 1 for an empty store, one more for each write that changed it. */
  public long revision() {
    return store.currentRevision();
  }

  /** The revision of the last compaction, -1 before the first, as in etcd. */
  public long compactRevision() {
    return store.compactRevision();
  }

  /**
   * Reads from local state; linearizable once the shell has applied up to a ReadIndex.
   *
   * @throws KvException EMPTY_KEY, FUTURE_REV or COMPACTED
   */
  public RangeResponse range(RangeRequest request) {
    RequestValidator.validate(request, config);
    return applier.range(request, store.currentRevision());
  }

  /**
   * Runs a txn with only ranges in its branches on local state, as etcd serves read-only txns
   * without a proposal.
   *
   * @throws IllegalArgumentException if a branch writes
   * @throws KvException as for {@link #range}
   */
  public TxnResponse readTxn(TxnRequest request) {
    if (!request.isReadOnly()) {
      throw new IllegalArgumentException("txn writes: propose it");
    }
    RequestValidator.validate(request, config);
    return (TxnResponse) applier.txns().apply(request).response();
  }

  /** The lease's granted TTL and keys; ttl -1 if it does not exist (etcd's answer). */
  public LeaseTimeToLiveResponse timeToLive(LeaseTimeToLiveRequest request) {
    ResponseHeader header = ResponseHeader.of(store.currentRevision());
    Lease lease = store.lessor().lease(request.id());
    if (lease == null) {
      return new LeaseTimeToLiveResponse(header, request.id(), -1, 0, List.of());
    }
    return new LeaseTimeToLiveResponse(header, lease.id(), lease.grantedTtl(),
        lease.grantedTtl(), request.keys() ? lease.keys() : List.of());
  }

  public LeaseLeasesResponse leases() {
    return new LeaseLeasesResponse(ResponseHeader.of(store.currentRevision()),
        store.lessor().ids());
  }

  public Optional<Lease> lease(long id) {
    return Optional.ofNullable(store.lessor().lease(id));
  }

  /**
   * The events on [key, rangeEnd) (etcd's range rules) from {@code startRevision} on, for a
   * watch that starts in the past; at most about {@code maxEvents}, never splitting a revision.
   * A start below the compacted revision gives a batch that says so, as etcd cancels such a
   * watch with its compact revision.
   */
  public EventBatch eventsSince(Bytes key, Bytes rangeEnd, long startRevision, int maxEvents) {
    if (maxEvents <= 0) {
      throw new IllegalArgumentException("maxEvents must be positive: " + maxEvents);
    }
    return store.eventsSince(KeyRange.of(key, rangeEnd), startRevision, maxEvents);
  }

  /**
   * A hash of all kept versions up to {@code revision} (0 = current), like etcd's HashKV:
   * replicas that applied the same entries give the same value.
   *
   * @throws KvException COMPACTED if revision is at or below the compacted one, FUTURE_REV if
   *     above the current one
   */
  public long hashKv(long revision) {
    if (revision > 0 && revision <= store.compactRevision()) {
      throw KvError.COMPACTED.exception();
    }
    if (revision > store.currentRevision()) {
      throw KvError.FUTURE_REV.exception();
    }
    return store.hash(revision <= 0 ? store.currentRevision() : revision);
  }
}
