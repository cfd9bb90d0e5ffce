package io.coreactor.gateway.v2;

import io.coreactor.consensus.kv.KvError;
import io.coreactor.consensus.kv.KvException;
import io.coreactor.consensus.server.ClusterView;
import io.coreactor.consensus.server.Member;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * etcd 2's members operations on {@link ClusterView}, failing with the status and message etcd
 * answers: 400 bad peer URLs, 404 no such member, 409 a peer URL in use, 503 during an
 * election or without a leader.
 */
public final class MembersService {

  /** A refused members request: the HTTP status and etcd's message. */
  public static final class Refused extends RuntimeException {
    private final int status;

    Refused(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  private final ClusterView cluster;

  public MembersService(ClusterView cluster) {
    this.cluster = cluster;
  }

  public CompletionStage<List<Member>> list() {
    return cluster.members();
  }

  public CompletionStage<Member> leader() {
    return cluster.status().thenCompose(st -> cluster.members().thenApply(ms -> ms.stream()
        .filter(m -> st.leader() != 0 && m.id() == st.leader()).findFirst()
        .orElseThrow(() -> new Refused(503, "During election"))));
  }

  public CompletionStage<Member> add(List<String> peerUrls) {
    return checked(() -> cluster.addMember(MemberJson.validUrls(peerUrls), false), 409);
  }

  public CompletionStage<Void> remove(String hexId) {
    return withMember(hexId, id -> checked(() -> cluster.removeMember(id), 404));
  }

  public CompletionStage<Member> update(String hexId, List<String> peerUrls) {
    return withMember(hexId, id ->
        checked(() -> cluster.updateMember(id, MemberJson.validUrls(peerUrls)), 409));
  }

  private <T> CompletionStage<T> withMember(String hexId,
                                            Function<Long, CompletionStage<T>> action) {
    long id;
    try {
      id = Long.parseUnsignedLong(hexId, 16);
    } catch (NumberFormatException e) {
      return CompletableFuture.failedFuture(new Refused(404, "No such member: " + hexId));
    }
    return cluster.members().thenCompose(ms -> ms.stream().anyMatch(m -> m.id() == id)
        ? action.apply(id)
        : CompletableFuture.failedFuture(new Refused(404, "No such member: " + hexId)));
  }

  /** Runs a ClusterView call; bad input becomes {@code badInput}, an unavailable cluster 503. */
  private static <T> CompletionStage<T> checked(
      java.util.function.Supplier<CompletionStage<T>> call, int badInput) {
    CompletionStage<T> stage;
    try {
      stage = call.get();
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(new Refused(400, e.getMessage()));
    }
    return stage.handle((v, e) -> {
      if (e == null) {
        return v;
      }
      Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
      if (c instanceof IllegalArgumentException) {
        throw new Refused(badInput, c.getMessage());
      }
      if (c instanceof KvException k && k.error().code() == KvError.Code.UNAVAILABLE) {
        throw new Refused(503, k.getMessage());
      }
      throw new Refused(500, "Internal Server Error");
    });
  }
}
