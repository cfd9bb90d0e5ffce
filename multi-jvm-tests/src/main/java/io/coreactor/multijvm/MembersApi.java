package io.coreactor.multijvm;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Membership changes through etcd's v2 members API on a running member: {@code POST
 * /v2/members {"peerURLs": [...]}} and {@code DELETE /v2/members/<id hex>}, retried (on
 * whichever member leads then) until the member list shows the change; a retry of a change
 * that went through is recognized by that list, not repeated blindly.
 */
final class MembersApi {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private MembersApi() {
  }

  static void add(Supplier<Optional<ClusterNode>> via, ClusterNode n) {
    change("add " + n.name(), via, member -> member.client().send(HttpRequest.newBuilder(
        member.clientUrl().resolve("/v2/members")).timeout(Duration.ofSeconds(5))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"peerURLs\":[\"" + n.peerUrl() + "\"]}")).build(), "member add"),
        ids -> ids.contains(n.memberId()));
  }

  static void remove(Supplier<Optional<ClusterNode>> via, ClusterNode n) {
    change("remove " + n.name(), via, member -> member.client().send(HttpRequest.newBuilder(
        member.clientUrl().resolve("/v2/members/" + n.memberIdHex())).timeout(Duration.ofSeconds(5))
        .DELETE().build(), "member remove"),
        ids -> !ids.contains(n.memberId()));
  }

  private static void change(String what, Supplier<Optional<ClusterNode>> via,
                             Function<ClusterNode, HttpResponse<String>> send, Predicate<Set<Long>> done) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    String last = "no running member";
    while (System.nanoTime() < deadline) {
      ClusterNode member = via.get().orElse(null);
      if (member != null) {
        try {
          if (done.test(ids(member))) {
            return;
          }
          HttpResponse<String> r = send.apply(member);
          last = member.name() + " answered " + r.statusCode() + ": " + r.body();
          if (done.test(ids(member))) {
            return;
          }
        } catch (EtcdClient.EtcdException e) {
          last = e.getMessage();
        }
      }
      Poll.nap();
    }
    throw new AssertionError("member change " + what + " did not complete within " + TIMEOUT.toSeconds() + " s: " + last);
  }

  private static Set<Long> ids(ClusterNode member) {
    return member.client().withTimeout(Duration.ofSeconds(2)).members().stream()
        .map(EtcdClient.Member::id).collect(Collectors.toSet());
  }
}
