package io.coreactor.consensus.server;

import io.coreactor.consensus.client.KvClient;
import io.coreactor.consensus.client.LeaseKeepAliveResponse;
import io.coreactor.consensus.client.Watch;
import io.coreactor.consensus.client.WatchListener;
import io.coreactor.consensus.client.WatchRequest;
import io.coreactor.consensus.client.WatchResponse;
import io.coreactor.consensus.kv.CompactionRequest;
import io.coreactor.consensus.kv.CompactionResponse;
import io.coreactor.consensus.kv.DeleteRangeRequest;
import io.coreactor.consensus.kv.DeleteRangeResponse;
import io.coreactor.consensus.kv.KvCommand;
import io.coreactor.consensus.kv.KvError;
import io.coreactor.consensus.kv.KvException;
import io.coreactor.consensus.kv.KvRequest;
import io.coreactor.consensus.kv.KvResponse;
import io.coreactor.consensus.kv.KvStateMachine;
import io.coreactor.consensus.kv.LeaseGrantRequest;
import io.coreactor.consensus.kv.LeaseGrantResponse;
import io.coreactor.consensus.kv.LeaseLeasesResponse;
import io.coreactor.consensus.kv.LeaseRevokeRequest;
import io.coreactor.consensus.kv.LeaseRevokeResponse;
import io.coreactor.consensus.kv.LeaseTimeToLiveRequest;
import io.coreactor.consensus.kv.LeaseTimeToLiveResponse;
import io.coreactor.consensus.kv.PutRequest;
import io.coreactor.consensus.kv.PutResponse;
import io.coreactor.consensus.kv.RangeRequest;
import io.coreactor.consensus.kv.RangeResponse;
import io.coreactor.consensus.kv.TxnRequest;
import io.coreactor.consensus.kv.TxnResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * {@link KvClient} on this JVM's member: writes are proposed through its Raft node (forwarded
 * to the leader when it follows) and answered from this replica's own apply; reads pass a
 * ReadIndex barrier and then read this replica, or read it at once when serializable; lease
 * keep-alives and TTLs go to the leader's {@link LeaseKeeper}; watches to the {@link WatchHub}.
 */
final class LocalKvClient implements KvClient {

  private final Proposer proposer;
  private final KvStore store;
  private final LocalMember member;
  private final AtomicLong watchIds = new AtomicLong();

  LocalKvClient(Proposer proposer) {
    this.proposer = proposer;
    this.store = proposer.store;
    this.member = proposer.member;
  }

  @Override
  public CompletionStage<RangeResponse> range(RangeRequest request) {
    return read(request.serializable(), kv -> kv.range(request));
  }

  @Override
  public CompletionStage<PutResponse> put(PutRequest request) {
    return write(request, PutResponse.class);
  }

  @Override
  public CompletionStage<DeleteRangeResponse> delete(DeleteRangeRequest request) {
    return write(request, DeleteRangeResponse.class);
  }

  /** A txn that only reads is served like a range (etcd does not propose it). */
  @Override
  public CompletionStage<TxnResponse> txn(TxnRequest request) {
    if (request.isReadOnly()) {
      boolean serializable = request.success().stream().allMatch(op -> ((RangeRequest) op).serializable())
          && request.failure().stream().allMatch(op -> ((RangeRequest) op).serializable());
      return read(serializable, kv -> kv.readTxn(request));
    }
    return write(request, TxnResponse.class);
  }

  @Override
  public CompletionStage<CompactionResponse> compact(CompactionRequest request) {
    return write(request, CompactionResponse.class);
  }

  @Override
  public CompletionStage<LeaseGrantResponse> leaseGrant(LeaseGrantRequest request) {
    return write(request, LeaseGrantResponse.class);
  }

  @Override
  public CompletionStage<LeaseRevokeResponse> leaseRevoke(LeaseRevokeRequest request) {
    return write(request, LeaseRevokeResponse.class);
  }

  @Override
  public CompletionStage<LeaseKeepAliveResponse> leaseKeepAlive(long leaseId) {
    return proposer.askKeeper(r -> new LeaseKeeper.KeepAlive(leaseId, false, r))
        .thenApply(reply -> {
          long ttl = remaining(reply);
          if (ttl < 0) {
            throw new CompletionException(KvError.LEASE_NOT_FOUND.exception());
          }
          return new LeaseKeepAliveResponse(member.header(store.revision()), leaseId, ttl);
        });
  }

  /** The lease and its keys from this replica; its remaining TTL from the leader, which times it. */
  @Override
  public CompletionStage<LeaseTimeToLiveResponse> leaseTimeToLive(LeaseTimeToLiveRequest request) {
    return read(false, kv -> kv.timeToLive(request)).thenCompose(local -> {
      if (local.ttl() < 0) {
        return CompletableFuture.completedFuture(local);
      }
      return proposer.askKeeper(r -> new LeaseKeeper.TimeToLive(request.id(), false, r))
          .thenApply(reply -> local.withTtl(remaining(reply)));
    });
  }

  @Override
  public CompletionStage<LeaseLeasesResponse> leases() {
    return read(false, KvStateMachine::leases);
  }

  @Override
  public Watch watch(WatchRequest request, WatchListener listener) {
    long id = watchIds.incrementAndGet();
    if (proposer.isStopped()) {
      WatchResponse ended = new WatchResponse(member.header(store.revision()), id, false, true, 0, "node stopped",
          List.of());
      proposer.executor.execute(() -> listener.onResponse(ended));
      return new Watch() {
        @Override
        public long id() {
          return id;
        }

        @Override
        public void cancel() {
        }
      };
    }
    // Cancel follows create through this stage, so the hub never sees them the other way round.
    CompletionStage<ActorRef<WatchHub.Command>> created = proposer.parts().thenApply(p -> {
      p.watches().tell(new WatchHub.Create(id, request, listener));
      return p.watches();
    });
    return new Watch() {
      @Override
      public long id() {
        return id;
      }

      @Override
      public void cancel() {
        created.thenAccept(hub -> hub.tell(new WatchHub.Cancel(id)));
      }
    };
  }

  private long remaining(LeaseKeeper.Reply reply) {
    if (reply instanceof LeaseKeeper.Remaining r) {
      return r.ttl();
    }
    throw new CompletionException(proposer.error(reply));
  }

  /** Validates and encodes first: a request that is too large or invalid is never proposed. */
  private <T extends KvResponse> CompletionStage<T> write(KvRequest request, Class<T> type) {
    byte[] command;
    try {
      command = KvCommand.encode(request, store.config());
    } catch (KvException e) {
      return CompletableFuture.failedFuture(e);
    }
    return proposer.propose(InternalRequest.Kind.KV, command).thenApply(result -> type.cast(stamp(result)));
  }

  private <T> CompletionStage<T> read(boolean serializable, Function<KvStateMachine, T> reader) {
    CompletionStage<Void> barrier = serializable
        ? CompletableFuture.supplyAsync(() -> null, proposer.executor)
        : proposer.readBarrier();
    return barrier.thenApply(ready -> stamp(store.read(reader)));
  }

  /** Fills in the header the state machine cannot know: cluster, member and term. */
  @SuppressWarnings("unchecked")
  private <T> T stamp(T response) {
    return response instanceof KvResponse r ? (T) ResponseHeaders.with(r, member.header(r.header().revision())) : response;
  }
}
