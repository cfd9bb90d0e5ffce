package coreactor.bench;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one step measured, printed twice: a line for people and a "RESULT k=v ..." line that
 * bench/run collects and {@link Report} reads. Errors are listed kind by kind on "ERROR" lines,
 * never folded into the latency numbers.
 */
final class StepResult {
  private final Map<String, String> fields = new LinkedHashMap<>();
  private final Map<String, Long> errors = new TreeMap<>();

  StepResult(String system, String step) {
    put("system", system);
    put("step", step);
  }

  StepResult put(String key, Object value) {
    String v = String.valueOf(value);
    if (v.isEmpty() || v.contains(" ") || v.contains("=")) {
      throw new IllegalArgumentException("field values are single words: " + key + "=" + v);
    }
    fields.put(key, v);
    return this;
  }

  String get(String key) {
    return fields.getOrDefault(key, "");
  }

  /** Latency quantiles in milliseconds, and how many requests they cover. */
  StepResult latency(Histogram h) {
    put("count", h.count());
    put("p50_ms", ms(h.percentile(0.50)));
    put("p90_ms", ms(h.percentile(0.90)));
    put("p99_ms", ms(h.percentile(0.99)));
    put("p999_ms", ms(h.percentile(0.999)));
    put("max_ms", ms(h.max()));
    put("mean_ms", String.format("%.3f", h.mean() / 1000.0));
    return this;
  }

  StepResult errors(Map<String, Long> byKind) {
    byKind.forEach((k, v) -> errors.merge(k, v, Long::sum));
    put("errors", errors.values().stream().mapToLong(Long::longValue).sum());
    return this;
  }

  void print(PrintStream out) {
    StringBuilder human = new StringBuilder();
    human.append(String.format("%-10s %-24s", fields.get("system"), fields.get("step")));
    for (String k : new String[] {"rps", "p50_ms", "p99_ms", "max_ms", "errors", "conns"}) {
      if (fields.containsKey(k)) {
        human.append(' ').append(k).append('=').append(fields.get(k));
      }
    }
    out.println(human);
    StringBuilder machine = new StringBuilder("RESULT");
    fields.forEach((k, v) -> machine.append(' ').append(k).append('=').append(v));
    out.println(machine);
    errors.forEach((kind, n) -> out.println("ERROR system=" + fields.get("system") + " step="
        + fields.get("step") + " count=" + n + " kind=" + kind));
    out.flush();
  }

  static String ms(long micros) {
    return String.format("%.3f", micros / 1000.0);
  }
}
