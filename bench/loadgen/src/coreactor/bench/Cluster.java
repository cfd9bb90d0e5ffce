package coreactor.bench;

import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the benchmark asks a cluster about itself, through the API both systems serve: who
 * leads (v3 maintenance status, falling back to v2 stats/self), the current revision, health.
 */
final class Cluster {
  private static final int TIMEOUT_MS = 1000;

  private Cluster() {}

  /** The index of the member that says it leads, or -1 if none answers so right now. */
  static int leaderIndex(List<Endpoint> endpoints) {
    for (int i = 0; i < endpoints.size(); i++) {
      if (isLeader(endpoints.get(i))) {
        return i;
      }
    }
    return -1;
  }

  /** Polls until some member says it leads, at most timeoutMs. */
  static int awaitLeader(List<Endpoint> endpoints, long timeoutMs) {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
    while (System.nanoTime() < deadline) {
      int leader = leaderIndex(endpoints);
      if (leader >= 0) {
        return leader;
      }
      ClosedLoop.pause(50);
    }
    return -1;
  }

  static boolean isLeader(Endpoint e) {
    try (HttpConnection c = new HttpConnection(e, TIMEOUT_MS)) {
      HttpConnection.Response r = c.exchange(Request.v3Status(e));
      if (r.status() == 200) {
        String self = field(r.text(), "member_id");
        String leader = field(r.text(), "leader");
        return self != null && self.equals(leader);
      }
      r = c.exchange(Request.get(e, "/v2/stats/self"));
      return r.status() == 200 && "StateLeader".equals(field(r.text(), "state"));
    } catch (IOException ex) {
      return false; // a member that does not answer does not lead
    }
  }

  /** The leader's member id as the v3 status reports it ("" when unknown), for failover. */
  static String leaderId(Endpoint e) {
    try (HttpConnection c = new HttpConnection(e, TIMEOUT_MS)) {
      HttpConnection.Response r = c.exchange(Request.v3Status(e));
      String leader = r.status() == 200 ? field(r.text(), "leader") : null;
      return leader == null || leader.equals("0") ? "" : leader;
    } catch (IOException ex) {
      return "";
    }
  }

  /** The store's current revision as a member reports it, or -1. */
  static long revision(Endpoint e) {
    try (HttpConnection c = new HttpConnection(e, TIMEOUT_MS)) {
      HttpConnection.Response r = c.exchange(Request.v3Status(e));
      String rev = r.status() == 200 ? field(r.text(), "revision") : null;
      return rev == null ? -1 : Long.parseLong(rev);
    } catch (IOException | NumberFormatException ex) {
      return -1;
    }
  }

  static boolean healthy(Endpoint e) {
    try (HttpConnection c = new HttpConnection(e, TIMEOUT_MS)) {
      HttpConnection.Response r = c.exchange(Request.get(e, "/health"));
      return r.status() == 200 && "true".equals(field(r.text(), "health"));
    } catch (IOException ex) {
      return false;
    }
  }

  /**
   * The first value of "name" in a JSON text, quoted or not. The gateway writes 64-bit numbers
   * as strings; a pattern is enough for these few flat fields and keeps the tool dependency-free.
   */
  static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*(\"([^\"]*)\"|([-0-9.]+|true|false))")
        .matcher(json);
    if (!m.find()) {
      return null;
    }
    return m.group(2) != null ? m.group(2) : m.group(3);
  }
}
