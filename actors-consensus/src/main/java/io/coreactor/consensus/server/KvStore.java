package io.coreactor.consensus.server;

import io.coreactor.consensus.kv.Applied;
import io.coreactor.consensus.kv.Event;
import io.coreactor.consensus.kv.KvCommand;
import io.coreactor.consensus.kv.KvConfig;
import io.coreactor.consensus.kv.KvException;
import io.coreactor.consensus.kv.KvRequest;
import io.coreactor.consensus.kv.KvStateMachine;
import io.coreactor.consensus.kv.LeaseGrantResponse;
import io.coreactor.consensus.kv.LeaseRevokeRequest;
import io.coreactor.consensus.kv.LeaseRevokeResponse;
import io.coreactor.consensus.node.StateMachine;
import io.coreactor.consensus.raft.ConfChange;
import io.coreactor.consensus.raft.Entry;
import io.coreactor.consensus.raft.Snapshot;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Raft group's {@link StateMachine}: {@link KvStateMachine} plus the {@link MemberRegistry},
 * applied from {@link InternalRequest}s. It feeds the watch hub and the lease keeper in apply
 * order and answers the callers waiting on this member's own proposals.
 *
 * <p>Reads come from other threads (clients after a ReadIndex barrier, the watch hub replaying
 * history, the lease keeper): the state sits behind a read-write lock, applied under the write
 * lock and read under the read lock. A lock, rather than serializing reads through the applier,
 * lets reads run in parallel with each other and keeps the applier's queue for applies; a read
 * waits for at most one entry's apply, which is in-memory work.
 */
final class KvStore implements StateMachine {

  /** Where applied changes go, called on the applier's thread in apply order, outside the lock. */
  interface Feed {
    void applied(long revision, List<Event> events);

    void leaseGranted(long id, long ttl);

    void leaseRevoked(long id);

    /** The whole state was replaced (a snapshot was installed or the node restarted). */
    void restored();
  }

  private static final Logger log = LoggerFactory.getLogger(KvStore.class);
  private static final int SNAPSHOT_MAGIC = 0x434b564e; // "CKVN"
  private static final byte SNAPSHOT_VERSION = 1;
  private static final int SNAPSHOT_CHUNK = 128 * 1024;
  private static final Feed NO_FEED = new Feed() {
    public void applied(long revision, List<Event> events) {}

    public void leaseGranted(long id, long ttl) {}

    public void leaseRevoked(long id) {}

    public void restored() {}
  };

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final KvConfig config;
  private final long memberId;
  private final Executor completions;
  private final Map<Long, CompletableFuture<Object>> waiters = new ConcurrentHashMap<>();
  private KvStateMachine kv;
  private MemberRegistry members = new MemberRegistry();
  private volatile Feed feed = NO_FEED;
  private volatile long lastTerm;
  private long sizedRevision = -1;
  private long sizedBytes;
  private long sizedAtNanos;

  /** {@code completions} runs callers' continuations, never the applier's thread. */
  KvStore(KvConfig config, long memberId, Executor completions) {
    this.config = config;
    this.memberId = memberId;
    this.completions = completions;
    this.kv = new KvStateMachine(config);
  }

  void attach(Feed feed) {
    this.feed = feed;
  }

  KvConfig config() {
    return config;
  }

  /** Registers the caller of request {@code requestId}; completed when this replica applies it. */
  CompletableFuture<Object> expect(long requestId) {
    CompletableFuture<Object> waiter = new CompletableFuture<>();
    waiters.put(requestId, waiter);
    waiter.whenComplete((r, e) -> waiters.remove(requestId, waiter));
    return waiter;
  }

  @Override
  public Object apply(Entry entry) {
    lastTerm = entry.term();
    InternalRequest request;
    try {
      request = InternalRequest.decode(entry.data());
    } catch (IllegalArgumentException e) {
      // Never throw: a state machine that throws stops every replica, and the entry is committed.
      log.warn("entry {} is not a KV server request, skipped: {}", entry.index(), e.getMessage());
      return "invalid entry " + entry.index() + ": " + e.getMessage();
    }
    return switch (request.kind()) {
      case KV -> applyKv(entry, request);
      case PUBLISH, UPDATE_MEMBER -> applyMember(request);
    };
  }

  private Object applyKv(Entry entry, InternalRequest request) {
    KvRequest command;
    try {
      command = KvCommand.decode(request.payload());
    } catch (IllegalArgumentException e) {
      log.warn("entry {} holds no valid KV command, skipped: {}", entry.index(), e.getMessage());
      answer(request, new IllegalArgumentException("invalid KV command: " + e.getMessage()));
      return "invalid KV command at " + entry.index() + ": " + e.getMessage();
    }
    Applied applied;
    lock.writeLock().lock();
    try {
      applied = kv.applyRequest(entry.index(), command);
    } finally {
      lock.writeLock().unlock();
    }
    Feed f = feed;
    if (!applied.events().isEmpty()) {
      f.applied(applied.revision(), applied.events());
    }
    if (applied.response() instanceof LeaseGrantResponse granted) {
      f.leaseGranted(granted.id(), granted.ttl());
    } else if (applied.response() instanceof LeaseRevokeResponse && command instanceof LeaseRevokeRequest r) {
      f.leaseRevoked(r.id());
    }
    answer(request, applied.response());
    return null;   // the proposer's own replica answers it (see InternalRequest); nothing crosses JVMs
  }

  private Object applyMember(InternalRequest request) {
    MemberAttributes attributes = MemberAttributes.fromJson(new String(request.payload(), StandardCharsets.UTF_8));
    lock.writeLock().lock();
    try {
      if (request.kind() == InternalRequest.Kind.PUBLISH) {
        members.publish(attributes);
      } else {
        members.updatePeerUrls(attributes.id(), attributes.peerUrls());
      }
    } finally {
      lock.writeLock().unlock();
    }
    answer(request, Boolean.TRUE);
    return null;
  }

  /** Hands the result to this member's waiting caller, on the completions executor. */
  private void answer(InternalRequest request, Object result) {
    if (request.origin() != memberId) {
      return;
    }
    CompletableFuture<Object> waiter = waiters.get(request.requestId());
    if (waiter != null) {
      completions.execute(() -> {
        if (result instanceof KvException || result instanceof IllegalArgumentException) {
          waiter.completeExceptionally((Throwable) result);
        } else {
          waiter.complete(result);
        }
      });
    }
  }

  @Override
  public void applyConfChange(Entry entry, ConfChange change) {
    lastTerm = entry.term();
    lock.writeLock().lock();
    try {
      members.applyConfChange(change);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** An envelope: magic, version, the registry's length and bytes, then the KV store's snapshot. */
  @Override
  public byte[] snapshot() {
    Snapshot.Data data = captureSnapshot().get();
    return data.read(0, data.length());
  }

  /**
   * Copies references under the read lock; the encoding runs on the caller's thread of choice,
   * into chunks well below G1's humongous size (half a 1 MiB region).
   */
  @Override
  public Supplier<Snapshot.Data> captureSnapshot() {
    lock.readLock().lock();
    try {
      byte[] registry = members.encode();
      byte[] header = ByteBuffer.allocate(9 + registry.length).putInt(SNAPSHOT_MAGIC).put(SNAPSHOT_VERSION)
          .putInt(registry.length).put(registry).array();
      Supplier<List<byte[]>> chunks = kv.captureSnapshotChunks(header, SNAPSHOT_CHUNK);
      return () -> Snapshot.Data.ofChunks(chunks.get());
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public void restore(byte[] data) {
    KvStateMachine restoredKv = new KvStateMachine(config);
    MemberRegistry restoredMembers = new MemberRegistry();
    if (data != null && data.length > 0) {
      ByteBuffer b = ByteBuffer.wrap(data);
      if (data.length < 9 || b.getInt() != SNAPSHOT_MAGIC || b.get() != SNAPSHOT_VERSION) {
        throw new IllegalArgumentException("not a KV server snapshot");
      }
      int registryLength = b.getInt();
      byte[] registry = new byte[registryLength];
      b.get(registry);
      byte[] store = new byte[b.remaining()];
      b.get(store);
      restoredMembers = MemberRegistry.decode(registry);
      restoredKv.restore(store);
    }
    lock.writeLock().lock();
    try {
      kv = restoredKv;
      members = restoredMembers;
    } finally {
      lock.writeLock().unlock();
    }
    feed.restored();
  }

  /** Runs a read of the KV state under the read lock; KvExceptions pass through. */
  <T> T read(Function<KvStateMachine, T> reader) {
    lock.readLock().lock();
    try {
      return reader.apply(kv);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The members' attributes by id. */
  Map<Long, MemberAttributes> members() {
    lock.readLock().lock();
    try {
      return members.all();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The cluster id the founders published, 0 before that. */
  long publishedClusterId() {
    lock.readLock().lock();
    try {
      return members.clusterId();
    } finally {
      lock.readLock().unlock();
    }
  }

  long revision() {
    return read(KvStateMachine::revision);
  }

  /** The term of the last entry applied here. */
  long lastTerm() {
    return lastTerm;
  }

  /** How stale the db size may be: measuring it walks every kept version. */
  static final long SIZE_REFRESH_NANOS = 5_000_000_000L;

  /**
   * The snapshot's size, etcd's db size: counted again once the revision moved, at most every
   * 5 s, without encoding the snapshot. Encoding it here (every status: each v2 response
   * carries one for its headers) put a 30-60 MB array on the heap every 5 s under load, and
   * at ~300k versions on a 512 MiB heap answered "Java heap space".
   */
  synchronized long snapshotSize() {
    long revision = revision();
    long now = System.nanoTime();
    if (sizedRevision < 0 || (revision != sizedRevision && now - sizedAtNanos >= SIZE_REFRESH_NANOS)) {
      LongSupplier storeSize;
      int registrySize;
      lock.readLock().lock();
      try {
        registrySize = members.encode().length;
        storeSize = kv.captureSnapshotSize();
      } finally {
        lock.readLock().unlock();
      }
      sizedBytes = 9 + registrySize + storeSize.getAsLong();   // the envelope of captureSnapshot
      sizedRevision = revision;
      sizedAtNanos = now;
    }
    return sizedBytes;
  }
}
