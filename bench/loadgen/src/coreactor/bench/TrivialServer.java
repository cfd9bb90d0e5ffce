package coreactor.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The cheapest HTTP/1.1 keep-alive server that can answer the load generator: one thread per
 * connection, each request read (headers and Content-Length body) and answered with a fixed
 * small JSON body. Running the generator against it measures the generator's own ceiling.
 */
final class TrivialServer implements AutoCloseable {
  private static final byte[] RESPONSE = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
      + "Content-Length: 27\r\n\r\n{\"header\":{\"revision\":\"1\"}}").getBytes(StandardCharsets.US_ASCII);

  private final ServerSocket server;

  TrivialServer() throws IOException {
    server = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "trivial-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  Endpoint endpoint() {
    return new Endpoint("127.0.0.1", server.getLocalPort());
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        s.setTcpNoDelay(true);
        Thread t = new Thread(() -> serve(s), "trivial-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private static void serve(Socket s) {
    try (s) {
      InputStream in = new BufferedInputStream(s.getInputStream(), 16 * 1024);
      OutputStream out = s.getOutputStream();
      while (true) {
        long length = 0;
        for (String line = HttpConnection.readLine(in); !line.isEmpty(); line = HttpConnection.readLine(in)) {
          if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
            length = Long.parseLong(line.substring(15).trim());
          }
        }
        in.skipNBytes(length);
        out.write(RESPONSE);
        out.flush();
      }
    } catch (IOException e) {
      // the client closed its connection: this connection's work is done
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
