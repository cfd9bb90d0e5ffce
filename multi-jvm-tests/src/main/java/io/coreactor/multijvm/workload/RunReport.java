package io.coreactor.multijvm.workload;

import io.coreactor.multijvm.history.CheckResult;
import io.coreactor.multijvm.history.Operation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A fault test's report: a short summary (printed and written to {@code summary.txt}) and, when
 * the test failed, the whole history ({@code history.txt}) and the checks' explanations
 * ({@code explanation.txt}) in the same directory.
 */
public final class RunReport {

  private final String name;
  private final List<String> lines = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();

  public RunReport(String name) {
    this.name = name;
  }

  public RunReport line(String format, Object... args) {
    lines.add(String.format(java.util.Locale.ROOT, format, args));
    return this;
  }

  /** A test-specific observation, listed after the standard lines. */
  public RunReport note(String format, Object... args) {
    notes.add(String.format(java.util.Locale.ROOT, format, args));
    return this;
  }

  /** Records a failed check; the run fails at the end with every problem listed. */
  public RunReport problem(String description) {
    problems.add(description);
    return this;
  }

  public List<String> problems() {
    return List.copyOf(problems);
  }

  public boolean failed() {
    return !problems.isEmpty();
  }

  /** The summary as printed. */
  public String summary() {
    StringBuilder b = new StringBuilder("== ").append(name).append(" ==\n");
    for (String l : lines) {
      b.append(l).append('\n');
    }
    for (String n : notes) {
      b.append("note: ").append(n).append('\n');
    }
    if (problems.isEmpty()) {
      b.append("verdict: PASS\n");
    } else {
      b.append("verdict: FAIL (").append(problems.size()).append(" problem(s))\n");
      for (String p : problems) {
        b.append("  - ").append(firstLine(p)).append('\n');
      }
    }
    return b.toString();
  }

  /**
   * Prints the summary and writes it under {@code dir}; on failure also the history and the
   * explanations.
   *
   * @param check the linearizability verdict, or null if the checker did not run
   */
  public void write(Path dir, List<Operation> history, CheckResult check) {
    String summary = summary();
    System.out.print(summary);
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("summary.txt"), summary);
      if (failed()) {
        StringBuilder h = new StringBuilder();
        for (Operation op : history) {
          h.append(op).append('\n');
        }
        Files.writeString(dir.resolve("history.txt"), h);
        StringBuilder e = new StringBuilder();
        for (String p : problems) {
          e.append(p).append("\n\n");
        }
        if (check != null) {
          e.append("checker: ").append(check.verdict()).append('\n').append(check.explanation()).append('\n');
        }
        Files.writeString(dir.resolve("explanation.txt"), e);
        System.out.println("history and explanation written to " + dir.toAbsolutePath());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report under " + dir, e);
    }
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl) + " ...";
  }
}
