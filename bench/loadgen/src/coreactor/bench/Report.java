package coreactor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns one bench/run's results directory (etcd.tsv, coreactor.tsv, selftest.tsv, machine.md,
 * notes.md) into the results page: one table per kind of step with both systems side by side
 * and the ratio coreactor/etcd, the targets checked, every error listed, and a chart.
 */
final class Report {
  private static final String NA = "—";

  private final Results etcd;
  private final Results core;
  private final StringBuilder md = new StringBuilder();

  private Report(Results etcd, Results core) {
    this.etcd = etcd;
    this.core = core;
  }

  static void write(Path dir, Path out, Path chart) throws IOException {
    Report r = new Report(Results.read(dir.resolve("etcd.tsv")), Results.read(dir.resolve("coreactor.tsv")));
    r.render(dir, chart.getFileName().toString());
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, r.md.toString());
    Chart.draw(r.loadSteps(), r.etcd, r.core, chart);
  }

  private void render(Path dir, String chartName) throws IOException {
    line("# coreactor vs etcd 3.4");
    line("");
    include(dir.resolve("notes.md"));
    include(dir.resolve("machine.md"));
    line("![requests/s and p99 per step](" + chartName + ")");
    line("");
    selftest(Results.read(dir.resolve("selftest.tsv")));
    loadTable();
    watchTable();
    failoverTable();
    resourceTables();
    targets();
    errorList();
  }

  private void selftest(Results self) {
    Map<String, String> s = self.step("selftest");
    if (s == null) {
      return;
    }
    line("## Load generator ceiling");
    line("");
    line("The generator against a trivial keep-alive HTTP server in its own JVM (v3 put requests, "
        + s.get("clients") + " clients): **" + s.get("rps") + " requests/s**, p99 " + s.get("p99_ms")
        + " ms, " + s.get("conns") + " connections opened, generator CPU " + s.get("lg_cpu")
        + " cores. The loads below stay far under this ceiling, so they measure the servers.");
    line("");
  }

  /** Closed-loop steps: writes, reads, v2. */
  private List<String> loadSteps() {
    Set<String> names = new LinkedHashSet<>();
    for (Results r : List.of(etcd, core)) {
      for (String s : r.stepNames()) {
        if (s.startsWith("write-") || s.startsWith("read-") || s.startsWith("v2-")) {
          names.add(s);
        }
      }
    }
    return new ArrayList<>(names);
  }

  private void loadTable() {
    line("## Throughput and latency (closed loop, keep-alive, random keys)");
    line("");
    line("| step | etcd req/s | etcd p50 ms | etcd p99 ms | coreactor req/s | coreactor p50 ms "
        + "| coreactor p99 ms | req/s ratio | p99 ratio | errors etcd / coreactor "
        + "| loadgen cores etcd / coreactor |");
    line("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
    for (String s : loadSteps()) {
      line("| " + s + " | " + num(etcd, s, "rps") + " | " + num(etcd, s, "p50_ms") + " | "
          + num(etcd, s, "p99_ms") + " | " + num(core, s, "rps") + " | " + num(core, s, "p50_ms")
          + " | " + num(core, s, "p99_ms") + " | " + ratio(s, "rps") + " | " + ratio(s, "p99_ms")
          + " | " + num(etcd, s, "errors") + " / " + num(core, s, "errors") + " | "
          + num(etcd, s, "lg_cpu") + " / " + num(core, s, "lg_cpu") + " |");
    }
    line("");
    line("Ratios are coreactor / etcd: above 1 is better for req/s, below 1 is better for p99. "
        + "\"loadgen cores\" is the generator's own CPU use during the step (of " + nproc() + " shared "
        + "with the servers).");
    line("");
  }

  private void watchTable() {
    String s = "watch-fanout";
    if (etcd.step(s) == null && core.step(s) == null) {
      return;
    }
    line("## Watch fan-out (" + first(s, "watchers") + " watchers on one prefix, " + first(s, "rounds")
        + " puts; time from sending a put to the last watcher's notification)");
    line("");
    line("| | etcd | coreactor | ratio |");
    line("|---|--:|--:|--:|");
    for (String[] f : new String[][] {{"p50 ms", "p50_ms"}, {"p99 ms", "p99_ms"}, {"max ms", "max_ms"},
        {"each watcher, p50 ms", "delivery_p50_ms"}, {"put alone, p50 ms", "put_p50_ms"},
        {"errors", "errors"}}) {
      line("| " + f[0] + " | " + num(etcd, s, f[1]) + " | " + num(core, s, f[1]) + " | " + ratio(s, f[1]) + " |");
    }
    line("");
  }

  private void failoverTable() {
    String s = "failover";
    if (etcd.step(s) == null && core.step(s) == null) {
      return;
    }
    line("## Leader failover (kill -9 of the leader under " + first(s, "writers") + " writers; rounds: "
        + Math.max(etcd.all(s).size(), core.all(s).size()) + ", median shown)");
    line("");
    line("| | etcd | coreactor | ratio | etcd rounds | coreactor rounds |");
    line("|---|--:|--:|--:|--:|--:|");
    for (String[] f : new String[][] {{"writes succeed again after, ms", "resumed_ms"},
        {"a survivor names the new leader after, ms", "new_leader_ms"},
        {"errors while leaderless", "errors"}}) {
      double e = etcd.median(s, f[1]);
      double c = core.median(s, f[1]);
      String ratio = f[1].equals("errors") ? "" : fmtRatio(c / e); // error counts do not compare
      line("| " + f[0] + " | " + fmt(e) + " | " + fmt(c) + " | " + ratio + " | "
          + etcd.joined(s, f[1]) + " | " + core.joined(s, f[1]) + " |");
    }
    line("");
    line("Times are from the SIGKILL. A write counts when it was sent after the process was gone; writers time out after 250 to 500 ms "
        + "(staggered) and retry 10 ms after an error. Both systems: heartbeat 100 ms, election timeout 1000 ms "
        + "(randomized up to 2000 ms).");
    line("");
  }

  private void resourceTables() {
    if (etcd.all("rss").isEmpty() && core.all("rss").isEmpty()) {
      return;
    }
    line("## Memory and disk per node");
    line("");
    line("| node | etcd RSS MiB | coreactor RSS MiB | RSS ratio | etcd data bytes (du -sb) | coreactor data bytes "
        + "| data ratio |");
    line("|---|--:|--:|--:|--:|--:|--:|");
    for (int node = 1; node <= 3; node++) {
      double er = nodeValue(etcd, "rss", node, "rss_kb") / 1024;
      double cr = nodeValue(core, "rss", node, "rss_kb") / 1024;
      double ed = nodeValue(etcd, "disk", node, "bytes");
      double cd = nodeValue(core, "disk", node, "bytes");
      line("| " + node + " | " + fmt(er) + " | " + fmt(cr) + " | " + fmtRatio(cr / er) + " | " + fmt(ed)
          + " | " + fmt(cd) + " | " + fmtRatio(cd / ed) + " |");
    }
    line("");
    line("RSS (VmRSS) after every load step, before the failover. Data directories right after "
        + "the warm-up and the fill step, before any other load (revision "
        + num(etcd, "fill-100k", "revision_after") + " on etcd, " + num(core, "fill-100k", "revision_after")
        + " on coreactor), logs excluded. The fill ran at 64 clients on all members: "
        + num(etcd, "fill-100k", "rps") + " req/s on etcd, " + num(core, "fill-100k", "rps")
        + " on coreactor.");
    line("");
  }

  private void targets() {
    line("## Targets (from the issue; checked here, never in timed tests)");
    line("");
    line("| target | measured | met |");
    line("|---|---|---|");
    for (String s : List.of("write-leader-c64", "write-leader-c256", "write-all-c64", "write-all-c256")) {
      double rps = ratioValue(s, "rps");
      double p99 = ratioValue(s, "p99_ms");
      line("| " + s + ": req/s ≥ 1.0× and p99 ≤ 1.5× etcd | " + fmtRatio(rps) + ", p99 " + fmtRatio(p99)
          + " | " + met(rps >= 1.0 && p99 <= 1.5, rps, p99) + " |");
    }
    double lin = ratioValue("read-linearizable-c64", "rps");
    line("| linearizable reads/s ≥ 1.0× etcd at 64 clients | " + fmtRatio(lin) + " | " + met(lin >= 1.0, lin) + " |");
    double fo = core.median("failover", "resumed_ms") / etcd.median("failover", "resumed_ms");
    line("| failover no slower than etcd | " + fmtRatio(fo) + " | " + met(fo <= 1.0, fo) + " |");
    double rss = Double.NaN;
    for (int node = 1; node <= 3; node++) {
      double r = nodeValue(core, "rss", node, "rss_kb") / nodeValue(etcd, "rss", node, "rss_kb");
      rss = Double.isNaN(rss) ? r : Math.max(rss, r);
    }
    line("| RSS ≤ 4× etcd's per node | worst node " + fmtRatio(rss) + " | " + met(rss <= 4.0, rss) + " |");
    line("");
  }

  private void errorList() {
    line("## Errors");
    line("");
    boolean any = false;
    for (Results r : List.of(etcd, core)) {
      for (String e : r.errors()) {
        line("- " + (r == etcd ? "etcd " : "coreactor ") + e);
        any = true;
      }
    }
    if (!any) {
      line("None: every request of every step succeeded.");
    } else {
      line("");
      line("Failover errors are expected: they are the writes sent while there was no leader.");
    }
    line("");
  }

  private String first(String step, String field) {
    Map<String, String> s = etcd.step(step) != null ? etcd.step(step) : core.step(step);
    return s == null ? NA : s.getOrDefault(field, NA);
  }

  private static String num(Results r, String step, String field) {
    Map<String, String> s = r.step(step);
    return s == null ? NA : s.getOrDefault(field, NA);
  }

  private double ratioValue(String step, String field) {
    return core.number(step, field) / etcd.number(step, field);
  }

  private String ratio(String step, String field) {
    return fmtRatio(ratioValue(step, field));
  }

  private static double nodeValue(Results r, String step, int node, String field) {
    for (Map<String, String> m : r.all(step)) {
      if (String.valueOf(node).equals(m.get("node")) && m.containsKey(field)) {
        return Double.parseDouble(m.get(field));
      }
    }
    return Double.NaN;
  }

  private static String met(boolean ok, double... inputs) {
    for (double d : inputs) {
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        return "not measured";
      }
    }
    return ok ? "yes" : "**no**";
  }

  private static String fmt(double v) {
    if (Double.isNaN(v)) {
      return NA;
    }
    if (v == Math.rint(v)) {
      return String.format("%,.0f", v);
    }
    return v >= 100 ? String.format("%,.0f", v) : String.format("%.1f", v);
  }

  private static String fmtRatio(double v) {
    return Double.isNaN(v) || Double.isInfinite(v) ? NA : String.format("%.2f×", v);
  }

  private static int nproc() {
    return Runtime.getRuntime().availableProcessors();
  }

  private void include(Path file) throws IOException {
    if (Files.exists(file)) {
      md.append(Files.readString(file).strip()).append("\n\n");
    }
  }

  private void line(String s) {
    md.append(s).append('\n');
  }
}
