package io.coreactor.consensus.server;

import io.coreactor.consensus.kv.KvError;
import io.coreactor.consensus.kv.KvException;
import io.coreactor.consensus.node.RaftNode;
import io.coreactor.consensus.raft.ConfChange;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * The edge between callers on any thread and the member's actors: proposes requests and waits
 * for this replica to apply them, passes read barriers, asks the Raft node and the keeper, and
 * turns the shell's answers into etcd's errors. Every stage it returns completes on the client
 * executor.
 */
final class Proposer {

  private static final String MEMBERSHIP_BUSY = "another membership change is in progress";
  private static final Duration MEMBERSHIP_RETRY = Duration.ofMillis(100);
  private static final Duration KEEPER_RETRY = Duration.ofMillis(100);

  final ActorSystem<?> system;
  final KvStore store;
  final LocalMember member;
  final Executor executor;
  final Duration timeout;
  private final CompletableFuture<KvServer.Parts> parts;
  /** Seeded from the clock: ids of an earlier incarnation may still be in the log. */
  private final AtomicLong requestIds = new AtomicLong(System.currentTimeMillis() << 20);
  private volatile boolean stopped;

  Proposer(ActorSystem<?> system, KvStore store, LocalMember member, CompletableFuture<KvServer.Parts> parts,
           Executor executor) {
    this.system = system;
    this.store = store;
    this.member = member;
    this.parts = parts;
    this.executor = executor;
    this.timeout = member.settings().requestTimeout().plusSeconds(1);
  }

  CompletionStage<KvServer.Parts> parts() {
    return parts;
  }

  /** From now on every call fails at once with STOPPED, as etcd answers a stopping server. */
  void stop() {
    stopped = true;
  }

  boolean isStopped() {
    return stopped;
  }

  /**
   * Proposes a request through any member and completes with this replica's result of applying
   * it: a leader's answer alone is not enough, the caller then reads from this replica.
   */
  CompletionStage<Object> propose(InternalRequest.Kind kind, byte[] payload) {
    if (stopped) {
      return CompletableFuture.failedFuture(KvError.STOPPED.exception());
    }
    long id = requestIds.incrementAndGet();
    CompletableFuture<Object> applied = store.expect(id);
    byte[] data = new InternalRequest(kind, member.id(), id, payload).encode();
    // Not through ask(): its hop to the executor cost a task per write, for a reply that only
    // matters when it is a failure (the result comes from this replica's apply, above), and
    // failing the future hands the rest to the executor anyway (handleAsync below).
    parts.thenCompose(p -> AskPattern.ask(p.raft(),
            (ActorRef<RaftNode.ProposeReply> r) -> new RaftNode.Propose(data, r), timeout, system.scheduler()))
        .whenComplete((reply, failure) -> {
          if (failure != null) {
            applied.completeExceptionally(KvError.TIMEOUT.exception());
          } else if (!(reply instanceof RaftNode.Applied)) {
            applied.completeExceptionally(error(reply));
          }
        });
    return applied.orTimeout(2 * timeout.toMillis(), TimeUnit.MILLISECONDS)
        .handleAsync((result, failure) -> {
          if (failure != null) {
            throw new CompletionException(unwrap(failure));
          }
          return result;
        }, executor);
  }

  /** Passes a ReadIndex barrier: afterwards this replica's state is linearizable. */
  CompletionStage<Void> readBarrier() {
    return ask(KvServer.Parts::raft, (ActorRef<RaftNode.ReadReply> r) -> new RaftNode.Read(r))
        .thenApply(reply -> {
          if (!(reply instanceof RaftNode.ReadReady)) {
            throw new CompletionException(error(reply));
          }
          return null;
        });
  }

  CompletionStage<RaftNode.Status> status() {
    return ask(KvServer.Parts::raft, RaftNode.GetStatus::new);
  }

  /** A membership change, retried while another one is still in flight; bad changes fail with IAE. */
  CompletionStage<ConfChange> changeMembership(ConfChange change) {
    long deadline = System.nanoTime() + timeout.toNanos();
    return changeMembership(change, deadline);
  }

  private CompletionStage<ConfChange> changeMembership(ConfChange change, long deadline) {
    return ask(KvServer.Parts::raft, (ActorRef<RaftNode.ProposeReply> r) -> new RaftNode.ChangeMembership(change, r))
        .thenCompose(reply -> {
          if (reply instanceof RaftNode.Applied) {
            return CompletableFuture.completedFuture(change);
          }
          if (reply instanceof RaftNode.Dropped d && d.reason().equals(MEMBERSHIP_BUSY)
              && System.nanoTime() < deadline) {
            Executor later = CompletableFuture.delayedExecutor(MEMBERSHIP_RETRY.toMillis(), TimeUnit.MILLISECONDS, executor);
            return CompletableFuture.supplyAsync(() -> null, later).thenCompose(x -> changeMembership(change, deadline));
          }
          if (reply instanceof RaftNode.Dropped d && isRefusal(d.reason())) {
            throw new CompletionException(new IllegalArgumentException(d.reason()));
          }
          throw new CompletionException(error(reply));
        });
  }

  private static boolean isRefusal(String reason) {
    return reason.startsWith("invalid request") || reason.equals("membership change changes nothing")
        || reason.equals("cannot remove the last voter");
  }

  /** Asks one of the member's actors; fails with TIMEOUT when no answer comes; completes on the executor. */
  <Q, R> CompletionStage<R> ask(Function<KvServer.Parts, ActorRef<Q>> target,
                                org.apache.pekko.japi.function.Function<ActorRef<R>, Q> message) {
    if (stopped) {
      return CompletableFuture.failedFuture(KvError.STOPPED.exception());
    }
    return parts.thenCompose(p -> AskPattern.ask(target.apply(p), message, timeout, system.scheduler()))
        .handleAsync((reply, failure) -> {
          if (failure != null) {
            throw new CompletionException(KvError.TIMEOUT.exception());
          }
          return reply;
        }, executor);
  }

  /**
   * Asks the leader's keeper through this member's. Keeper requests are idempotent, so each
   * attempt waits only an election timeout (the keeper may have forwarded it to a leader that
   * just died) and is repeated, also while no leader's keeper can be reached, until the
   * request timeout.
   */
  CompletionStage<LeaseKeeper.Reply> askKeeper(
      org.apache.pekko.japi.function.Function<ActorRef<LeaseKeeper.Reply>, LeaseKeeper.Command> message) {
    return askKeeper(message, System.nanoTime() + member.settings().requestTimeout().toNanos());
  }

  private CompletionStage<LeaseKeeper.Reply> askKeeper(
      org.apache.pekko.japi.function.Function<ActorRef<LeaseKeeper.Reply>, LeaseKeeper.Command> message, long deadline) {
    if (stopped) {
      return CompletableFuture.failedFuture(KvError.STOPPED.exception());
    }
    Duration attempt = member.settings().tickInterval().multipliedBy(member.settings().electionTicks());
    return parts.thenCompose(p -> AskPattern.ask(p.leases(), message, attempt, system.scheduler()))
        .handleAsync((reply, failure) -> failure == null ? reply : null, executor)
        .thenCompose(reply -> {
          boolean retry = reply == null || reply instanceof LeaseKeeper.NoLeader;
          if (!retry) {
            return CompletableFuture.completedFuture(reply);
          }
          if (System.nanoTime() >= deadline) {
            throw new CompletionException(reply == null ? KvError.TIMEOUT.exception() : error(reply));
          }
          Executor later = CompletableFuture.delayedExecutor(KEEPER_RETRY.toMillis(), TimeUnit.MILLISECONDS, executor);
          return CompletableFuture.supplyAsync(() -> null, later).thenCompose(x -> askKeeper(message, deadline));
        });
  }

  /** etcd's error for an answer that is not a success. */
  KvException error(Object reply) {
    if (reply instanceof RaftNode.NotLeader || reply instanceof LeaseKeeper.NoLeader) {
      return KvError.NO_LEADER.exception();
    }
    if (reply instanceof RaftNode.Dropped d) {
      if (d.reason().equals(RaftNode.LEADER_LOST)) {
        return KvError.TIMEOUT_LEADER_FAIL.exception();
      }
      if (d.reason().contains("stopped") || d.reason().contains("restarting")) {
        return KvError.STOPPED.exception();
      }
      if (d.reason().equals("timeout") && member.leader() == 0) {
        return KvError.NO_LEADER.exception();
      }
    }
    return KvError.TIMEOUT.exception();   // the outcome is unknown
  }

  static Throwable unwrap(Throwable failure) {
    Throwable t = failure;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t instanceof TimeoutException ? KvError.TIMEOUT.exception() : t;
  }
}
