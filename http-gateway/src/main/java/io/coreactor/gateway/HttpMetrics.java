package io.coreactor.gateway;

import io.coreactor.gateway.v3.V3Routes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * HTTP request counts and latency histograms by route, method and status, rendered as
 * Prometheus text. Route labels come from a fixed list of known routes (a path is labelled with
 * the longest known route it lies under, else "other"), so no client can grow the label set.
 */
public final class HttpMetrics {

  private static final double[] BUCKETS = {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  private static final Set<String> METHODS = Set.of("GET", "PUT", "POST", "DELETE", "HEAD", "OPTIONS", "PATCH");

  private final List<String> routes;
  private final Map<List<String>, LongAdder> counts = new ConcurrentHashMap<>();
  private final Map<List<String>, Histogram> latencies = new ConcurrentHashMap<>();

  public HttpMetrics(Collection<String> knownRoutes) {
    List<String> sorted = new ArrayList<>(knownRoutes);
    sorted.sort(Comparator.comparingInt(String::length).reversed());
    this.routes = List.copyOf(sorted);
  }

  /** v3's paths, v2's families and the node's own endpoints. */
  public static HttpMetrics standard() {
    List<String> known = new ArrayList<>(V3Routes.PATHS);
    known.addAll(List.of("/v2/keys", "/v2/members", "/v2/stats", "/v2/machines", "/v2",
        "/version", "/health", "/metrics"));
    return new HttpMetrics(known);
  }

  public void record(String path, String method, int status, long nanos) {
    String route = label(path);
    String m = METHODS.contains(method) ? method : "other";
    counts.computeIfAbsent(List.of(route, m, Integer.toString(status)), k -> new LongAdder()).increment();
    latencies.computeIfAbsent(List.of(route, m), k -> new Histogram()).observe(nanos / 1e9);
  }

  String label(String path) {
    for (String r : routes) {
      // Without concatenating r + "/": this runs for every route on every request.
      if (path.startsWith(r) && (path.length() == r.length() || path.charAt(r.length()) == '/')) {
        return r;
      }
    }
    return "other";
  }

  public void render(StringBuilder out) {
    out.append("# HELP coreactor_http_requests_total HTTP requests answered, by route, method and status.\n");
    out.append("# TYPE coreactor_http_requests_total counter\n");
    counts.entrySet().stream()
        .sorted(Comparator.comparing(e -> String.join(" ", e.getKey())))
        .forEach(e -> out.append("coreactor_http_requests_total{route=\"").append(e.getKey().get(0))
            .append("\",method=\"").append(e.getKey().get(1)).append("\",code=\"").append(e.getKey().get(2))
            .append("\"} ").append(e.getValue().sum()).append('\n'));
    out.append("# HELP coreactor_http_request_duration_seconds Time to the response's headers, by route and method.\n");
    out.append("# TYPE coreactor_http_request_duration_seconds histogram\n");
    latencies.entrySet().stream()
        .sorted(Comparator.comparing(e -> String.join(" ", e.getKey())))
        .forEach(e -> e.getValue().render(out, "route=\"" + e.getKey().get(0) + "\",method=\"" + e.getKey().get(1) + "\""));
  }

  /** A fixed-bucket histogram; cumulative counts are computed when rendered. */
  private static final class Histogram {
    private final LongAdder[] buckets = new LongAdder[BUCKETS.length];
    private final LongAdder count = new LongAdder();
    private final DoubleAdder sum = new DoubleAdder();

    Histogram() {
      for (int i = 0; i < buckets.length; i++) {
        buckets[i] = new LongAdder();
      }
    }

    void observe(double seconds) {
      for (int i = 0; i < BUCKETS.length; i++) {
        if (seconds <= BUCKETS[i]) {
          buckets[i].increment();
          break;
        }
      }
      count.increment();
      sum.add(seconds);
    }

    void render(StringBuilder out, String labels) {
      String name = "coreactor_http_request_duration_seconds";
      long cumulative = 0;
      for (int i = 0; i < BUCKETS.length; i++) {
        cumulative += buckets[i].sum();
        out.append(name).append("_bucket{").append(labels).append(",le=\"").append(BUCKETS[i])
            .append("\"} ").append(cumulative).append('\n');
      }
      long total = count.sum();
      out.append(name).append("_bucket{").append(labels).append(",le=\"+Inf\"} ").append(total).append('\n');
      out.append(name).append("_sum{").append(labels).append("} ").append(sum.sum()).append('\n');
      out.append(name).append("_count{").append(labels).append("} ").append(total).append('\n');
    }
  }
}
