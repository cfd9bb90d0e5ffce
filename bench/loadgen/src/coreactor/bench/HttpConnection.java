package coreactor.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 keep-alive connection over a plain socket. Raw sockets rather than
 * java.net.http.HttpClient so that reuse is certain and visible: the connection is opened
 * once, reopened only after an error or a server's "Connection: close", and every open is
 * counted, so a run can show it used exactly one connection per client.
 */
final class HttpConnection implements Closeable {
  /** A complete response: status and body. */
  record Response(int status, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final Endpoint endpoint;
  private final int timeoutMs;
  private volatile Socket socket;
  private InputStream in;
  private OutputStream out;
  private int opens;

  HttpConnection(Endpoint endpoint, int timeoutMs) {
    this.endpoint = endpoint;
    this.timeoutMs = timeoutMs;
  }

  Endpoint endpoint() {
    return endpoint;
  }

  /** How many times a socket was opened: 1 for a connection that was reused throughout. */
  int opens() {
    return opens;
  }

  /** Sends one request (bytes from {@link Request}) and reads the whole response. */
  Response exchange(byte[] request) throws IOException {
    try {
      sendRequest(request);
      int status = readStatusLine();
      Headers headers = readHeaders();
      byte[] body = headers.chunked ? readChunkedBody() : readFixedBody(headers.contentLength);
      if (headers.close) {
        close();
      }
      return new Response(status, body);
    } catch (IOException | RuntimeException e) {
      close(); // the stream is in an unknown state: never reuse it
      throw e;
    }
  }

  /**
   * Sends a request whose response is a stream (a v3 watch) and returns its de-chunked body;
   * the connection then belongs to that stream until closed.
   */
  InputStream openStream(byte[] request, int readTimeoutMs) throws IOException {
    sendRequest(request);
    socket.setSoTimeout(readTimeoutMs);
    int status = readStatusLine();
    Headers headers = readHeaders();
    if (status != 200) {
      throw new IOException("stream answered HTTP " + status);
    }
    return headers.chunked ? new ChunkedInputStream(in) : in;
  }

  @Override
  public void close() {
    Socket s = socket;
    socket = null;
    if (s != null) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing a broken socket: nothing left to do
      }
    }
  }

  private void sendRequest(byte[] request) throws IOException {
    if (socket == null) {
      connect();
    }
    out.write(request); // one write per request: header and body leave in one segment
    out.flush();
  }

  private void connect() throws IOException {
    Socket s = new Socket();
    s.setTcpNoDelay(true);
    s.setKeepAlive(true);
    s.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), timeoutMs);
    s.setSoTimeout(timeoutMs);
    in = new BufferedInputStream(s.getInputStream(), 16 * 1024);
    out = s.getOutputStream();
    socket = s;
    opens++;
  }

  private int readStatusLine() throws IOException {
    String line = readLine(in);
    // "HTTP/1.1 200 OK"
    int sp = line.indexOf(' ');
    if (!line.startsWith("HTTP/1.") || sp < 0 || line.length() < sp + 4) {
      throw new IOException("bad status line: " + line);
    }
    return Integer.parseInt(line.substring(sp + 1, sp + 4));
  }

  private static final class Headers {
    long contentLength = -1;
    boolean chunked;
    boolean close;
  }

  private Headers readHeaders() throws IOException {
    Headers h = new Headers();
    for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = line.substring(0, colon).trim();
      String value = line.substring(colon + 1).trim();
      if (name.equalsIgnoreCase("Content-Length")) {
        h.contentLength = Long.parseLong(value);
      } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
        h.chunked = value.toLowerCase().contains("chunked");
      } else if (name.equalsIgnoreCase("Connection")) {
        h.close = value.equalsIgnoreCase("close");
      }
    }
    if (!h.chunked && h.contentLength < 0) {
      h.close = true; // body runs to end of stream; such a connection cannot be reused
    }
    return h;
  }

  private byte[] readFixedBody(long length) throws IOException {
    if (length < 0) {
      return in.readAllBytes();
    }
    return in.readNBytes((int) length);
  }

  private byte[] readChunkedBody() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    new ChunkedInputStream(in).transferTo(body);
    return body.toByteArray();
  }

  /** Reads one CRLF- (or LF-) terminated line of ASCII; end of stream mid-line is an error. */
  static String readLine(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder(64);
    while (true) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("connection closed by server");
      }
      if (c == '\n') {
        int n = sb.length();
        if (n > 0 && sb.charAt(n - 1) == '\r') {
          sb.setLength(n - 1);
        }
        return sb.toString();
      }
      sb.append((char) c);
    }
  }
}
