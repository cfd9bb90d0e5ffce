package coreactor.bench;

import java.io.IOException;
import java.io.InputStream;

/** The body of a "Transfer-Encoding: chunked" response, read chunk by chunk as it arrives. */
final class ChunkedInputStream extends InputStream {
  private final InputStream in;
  private long remaining; // bytes left in the current chunk
  private boolean done;

  ChunkedInputStream(InputStream in) {
    this.in = in;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (done) {
      return -1;
    }
    if (remaining == 0) {
      nextChunk();
      if (done) {
        return -1;
      }
    }
    int n = in.read(b, off, (int) Math.min(len, remaining));
    if (n < 0) {
      throw new IOException("connection closed inside a chunk");
    }
    remaining -= n;
    if (remaining == 0) {
      HttpConnection.readLine(in); // the CRLF that ends every chunk
    }
    return n;
  }

  private void nextChunk() throws IOException {
    String line = HttpConnection.readLine(in);
    int semi = line.indexOf(';'); // chunk extensions are allowed and ignored
    String size = (semi < 0 ? line : line.substring(0, semi)).trim();
    remaining = Long.parseLong(size, 16);
    if (remaining == 0) {
      for (String trailer = HttpConnection.readLine(in); !trailer.isEmpty();
           trailer = HttpConnection.readLine(in)) {
        // trailers carry nothing this client needs
      }
      done = true;
    }
  }
}
