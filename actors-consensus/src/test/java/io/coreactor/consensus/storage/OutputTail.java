package io.coreactor.consensus.storage;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Follows a child process's output file line by line. A file rather than a pipe because
 * {@link Process#destroyForcibly()} closes the pipe and loses what the test has not read yet,
 * while a killed process's file writes survive it.
 */
final class OutputTail {

  private final Path file;
  private long offset;
  private final StringBuilder partial = new StringBuilder();

  OutputTail(Path file) {
    this.file = file;
  }

  /** The complete lines written since the last call. */
  List<String> poll() throws IOException {
    List<String> lines = new ArrayList<>();
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long length = in.length();
      if (length <= offset) {
        return lines;
      }
      byte[] chunk = new byte[(int) (length - offset)];
      in.seek(offset);
      in.readFully(chunk);
      offset = length;
      partial.append(new String(chunk, StandardCharsets.UTF_8));
    }
    for (int nl = partial.indexOf("\n"); nl >= 0; nl = partial.indexOf("\n")) {
      lines.add(partial.substring(0, nl));
      partial.delete(0, nl + 1);
    }
    return lines;
  }

  /** Once the writer is dead: the remaining lines, including an unterminated last one. */
  List<String> rest() throws IOException {
    List<String> lines = poll();
    if (partial.length() > 0) {
      lines.add(partial.toString());
      partial.setLength(0);
    }
    return lines;
  }
}
