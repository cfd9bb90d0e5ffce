package coreactor.bench;

import java.util.ArrayList;
import java.util.List;

/** One member's client URL, http://host:port, as given on the command line. */
record Endpoint(String host, int port) {
  static Endpoint parse(String url) {
    String s = url.startsWith("http://") ? url.substring("http://".length()) : url;
    if (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    int colon = s.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("endpoint needs host:port: " + url);
    }
    String host = s.substring(0, colon);
    if (!isLoopback(host)) {
      // the benchmark only ever loads servers it started on this machine
      throw new IllegalArgumentException("not a loopback address: " + url);
    }
    return new Endpoint(host, Integer.parseInt(s.substring(colon + 1)));
  }

  private static boolean isLoopback(String host) {
    return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
  }

  /** A comma-separated list of URLs. */
  static List<Endpoint> parseList(String urls) {
    List<Endpoint> list = new ArrayList<>();
    for (String u : urls.split(",")) {
      if (!u.isBlank()) {
        list.add(parse(u.trim()));
      }
    }
    if (list.isEmpty()) {
      throw new IllegalArgumentException("no endpoints given");
    }
    return List.copyOf(list);
  }

  @Override
  public String toString() {
    return "http://" + host + ":" + port;
  }
}
