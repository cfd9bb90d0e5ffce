package io.coreactor.gateway.v2;

import static org.apache.pekko.http.javadsl.server.Directives.completeWithFuture;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.coreactor.consensus.server.ClusterView;
import io.coreactor.consensus.server.MemberIds;
import io.coreactor.consensus.server.NodeStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code /v2/stats/self}, {@code /v2/stats/leader} (on the leader only; 403 elsewhere, as etcd)
 * and {@code /v2/stats/store}, in etcd 2's JSON. Per-follower latency and append counts are not
 * measured by the Raft shell, so they read 0.
 */
final class StatsV2Routes {

  /** etcd 2's {@code ServerStats}. */
  @JsonPropertyOrder({"name", "id", "state", "startTime", "leaderInfo", "recvAppendRequestCnt",
      "sendAppendRequestCnt"})
  record SelfStats(String name, String id, String state, String startTime, LeaderInfo leaderInfo,
                   long recvAppendRequestCnt, long sendAppendRequestCnt) {}

  /** Who this member believes leads, and for how long this member has been up. */
  record LeaderInfo(String leader, String uptime, String startTime) {}

  /** etcd 2's {@code LeaderStats}: the leader's view of each follower. */
  record LeaderStats(String leader, Map<String, FollowerStats> followers) {}

  /** One follower as the leader sees it. */
  record FollowerStats(Latency latency, Counts counts) {}

  /** Append round-trip latency in milliseconds. */
  record Latency(double current, double average, double standardDeviation, double minimum,
                 double maximum) {}

  /** Appends that failed and succeeded. */
  record Counts(long fail, long success) {}

  private final ClusterView cluster;
  private final StoreStats stats;
  private final V2Http http;
  private final Clock clock;

  StatsV2Routes(ClusterView cluster, StoreStats stats, V2Http http, Clock clock) {
    this.cluster = cluster;
    this.stats = stats;
    this.http = http;
    this.clock = clock;
  }

  Route route() {
    return pathPrefix("stats", () -> get(() -> concat(
        path("self", () -> completeWithFuture(self())),
        path("leader", () -> completeWithFuture(leader())),
        path("store", () -> completeWithFuture(
            CompletableFuture.completedFuture(http.json(200, stats.json(), List.of())))))));
  }

  private CompletionStage<HttpResponse> self() {
    return cluster.status().thenApply(st -> {
      String start = Instant.ofEpochMilli(st.startedAtMillis()).toString();
      Duration up = Duration.between(Instant.ofEpochMilli(st.startedAtMillis()), clock.instant());
      SelfStats self = new SelfStats(st.name(), MemberIds.hex(st.memberId()),
          st.isLeader() ? "StateLeader" : "StateFollower", start,
          new LeaderInfo(MemberIds.hex(st.leader()), goDuration(up), start), 0, 0);
      return http.json(200, self, List.of());
    }).exceptionally(e -> http.message(503, KeysService.toV2(e).errorCause()));
  }

  private CompletionStage<HttpResponse> leader() {
    return cluster.status().thenCompose((NodeStatus st) -> {
      if (!st.isLeader()) {
        return CompletableFuture.completedFuture(http.message(403, "not current leader"));
      }
      return cluster.members().thenApply(ms -> {
        Map<String, FollowerStats> followers = new LinkedHashMap<>();
        ms.stream().filter(m -> m.id() != st.memberId()).forEach(m -> followers.put(
            MemberIds.hex(m.id()),
            new FollowerStats(new Latency(0, 0, 0, 0, 0), new Counts(0, 0))));
        return http.json(200, new LeaderStats(MemberIds.hex(st.memberId()), followers), List.of());
      });
    }).exceptionally(e -> http.message(503, KeysService.toV2(e).errorCause()));
  }

  /** Go's {@code time.Duration.String()} for durations of a second or more, e.g. "1h2m3.5s". */
  static String goDuration(Duration d) {
    if (d.isNegative()) {
      d = Duration.ZERO;
    }
    long h = d.toHours();
    long m = d.toMinutesPart();
    String s = new java.math.BigDecimal(d.toSecondsPart() * 1_000_000_000L + d.toNanosPart())
        .movePointLeft(9).stripTrailingZeros().toPlainString();
    return (h > 0 ? h + "h" : "") + (h > 0 || m > 0 ? m + "m" : "") + s + "s";
  }
}
