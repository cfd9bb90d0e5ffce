package coreactor.bench;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Command-line options: "--name value" pairs; every option a mode reads has a default. */
final class Options {
  private final Map<String, String> values = new HashMap<>();
  private final Set<String> read = new HashSet<>();

  Options(String[] args, int from) {
    for (int i = from; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --name value, got: " + a);
      }
      values.put(a.substring(2), args[++i]);
    }
  }

  String get(String name, String fallback) {
    read.add(name);
    return values.getOrDefault(name, fallback);
  }

  String required(String name) {
    read.add(name);
    String v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException("missing --" + name);
    }
    return v;
  }

  int getInt(String name, int fallback) {
    return Integer.parseInt(get(name, String.valueOf(fallback)));
  }

  long getLong(String name, long fallback) {
    return Long.parseLong(get(name, String.valueOf(fallback)));
  }

  double getDouble(String name, double fallback) {
    return Double.parseDouble(get(name, String.valueOf(fallback)));
  }

  /** Fails on an option no mode asked for: a typo must not silently fall back to a default. */
  void checkAllRead() {
    for (String name : values.keySet()) {
      if (!read.contains(name)) {
        throw new IllegalArgumentException("unknown option --" + name);
      }
    }
  }
}
