package coreactor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lines one system's run left in bench/run's results directory ("system.tsv"): RESULT
 * lines (k=v fields) by step, in the order they ran, and ERROR lines (count and kind).
 */
final class Results {
  /** One step's fields; several measurements of one step (per node, per round) are a list. */
  private final Map<String, List<Map<String, String>>> steps = new LinkedHashMap<>();
  private final List<String> errors = new ArrayList<>();
  final boolean present;

  private Results(boolean present) {
    this.present = present;
  }

  static Results read(Path file) throws IOException {
    if (!Files.exists(file)) {
      return new Results(false);
    }
    Results r = new Results(true);
    for (String line : Files.readAllLines(file)) {
      if (line.startsWith("ERROR ")) {
        Map<String, String> f = fields(line.substring(6).split(" kind=", 2)[0]);
        String kind = line.contains(" kind=") ? line.split(" kind=", 2)[1] : "?";
        r.errors.add(f.get("step") + ": " + f.get("count") + " × " + kind);
      } else if (line.startsWith("RESULT ")) {
        Map<String, String> f = fields(line.substring(7));
        r.steps.computeIfAbsent(f.get("step"), k -> new ArrayList<>()).add(f);
      }
    }
    return r;
  }

  List<String> stepNames() {
    return List.copyOf(steps.keySet());
  }

  /** The first measurement of a step, or null. */
  Map<String, String> step(String name) {
    List<Map<String, String>> all = steps.get(name);
    return all == null ? null : all.get(0);
  }

  List<Map<String, String>> all(String name) {
    return steps.getOrDefault(name, List.of());
  }

  /** A numeric field of a step's first measurement, or NaN when absent or not a number. */
  double number(String step, String field) {
    Map<String, String> s = step(step);
    if (s == null || !s.containsKey(field)) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(s.get(field));
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  /**
   * The median of a numeric field over every measurement of a step (failover runs once per
   * round); NaN when none has it.
   */
  double median(String step, String field) {
    List<Double> values = new ArrayList<>();
    for (Map<String, String> m : all(step)) {
      try {
        values.add(Double.parseDouble(m.getOrDefault(field, "")));
      } catch (NumberFormatException e) {
        // "none": this round never got there; it has no value to rank
      }
    }
    if (values.isEmpty()) {
      return Double.NaN;
    }
    values.sort(null);
    int n = values.size();
    return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
  }

  /** Every measurement's value of a field, comma-separated, for tables that show rounds. */
  String joined(String step, String field) {
    List<String> values = new ArrayList<>();
    for (Map<String, String> m : all(step)) {
      values.add(m.getOrDefault(field, "?"));
    }
    return values.isEmpty() ? "—" : String.join(", ", values);
  }

  List<String> errors() {
    return List.copyOf(errors);
  }

  private static Map<String, String> fields(String text) {
    Map<String, String> f = new LinkedHashMap<>();
    for (String pair : text.trim().split(" +")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        f.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    return f;
  }
}
