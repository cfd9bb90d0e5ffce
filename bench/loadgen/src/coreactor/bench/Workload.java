package coreactor.bench;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** One kind of request that a client sends over and over, and what counts as its success. */
interface Workload {
  /** The next request to send to e; rnd is the calling client's own seeded generator. */
  byte[] next(Endpoint e, SplittableRandom rnd);

  /** Null when the response is a success; otherwise a short error kind for the error table. */
  String check(HttpConnection.Response r);

  /** v3 put of a random key and value. */
  static Workload v3Put() {
    return of((e, rnd) -> Request.v3Put(e, Keys.randomKey(rnd), Keys.randomValue(rnd)), 200);
  }

  /** v3 range of one key from the preloaded set; a response without the key is a "miss". */
  static Workload v3Range(long seed, int keys, boolean serializable) {
    return new Workload() {
      @Override
      public byte[] next(Endpoint e, SplittableRandom rnd) {
        return Request.v3Range(e, Keys.preloadedKey(seed, rnd.nextInt(keys)), serializable);
      }

      @Override
      public String check(HttpConnection.Response r) {
        String error = expectStatus(r, 200);
        if (error == null && !r.text().contains("\"kvs\"")) {
          return "miss (key not found)";
        }
        return error;
      }
    };
  }

  /** v2 PUT of a random key and value. */
  static Workload v2Put() {
    return of((e, rnd) -> Request.v2Put(e, Keys.randomKey(rnd), Keys.randomValue(rnd)), 200, 201);
  }

  /** v2 GET of one key from the preloaded set (etcd's default: served by the member asked). */
  static Workload v2Get(long seed, int keys) {
    return of((e, rnd) -> Request.v2Get(e, Keys.preloadedKey(seed, rnd.nextInt(keys))), 200);
  }

  /**
   * Writes the preloaded set, key i = 0, 1, ... in order, through v3 and v2 both: each request
   * alternates API so that v3 range and v2 get steps find the same keys.
   */
  static Workload preload(long seed) {
    AtomicInteger next = new AtomicInteger();
    return of((e, rnd) -> {
      int n = next.getAndIncrement();
      String key = Keys.preloadedKey(seed, n / 2);
      return n % 2 == 0 ? Request.v3Put(e, key, Keys.randomValue(rnd))
          : Request.v2Put(e, key, Keys.randomValue(rnd));
    }, 200, 201);
  }

  /** A request maker whose success is one of the given statuses. */
  static Workload of(java.util.function.BiFunction<Endpoint, SplittableRandom, byte[]> maker,
      int... okStatus) {
    return new Workload() {
      @Override
      public byte[] next(Endpoint e, SplittableRandom rnd) {
        return maker.apply(e, rnd);
      }

      @Override
      public String check(HttpConnection.Response r) {
        return expectStatus(r, okStatus);
      }
    };
  }

  /** Null if the status is one of ok; else "http-NNN" and the server's message, shortened. */
  static String expectStatus(HttpConnection.Response r, int... ok) {
    for (int s : ok) {
      if (r.status() == s) {
        return null;
      }
    }
    String body = r.text().replaceAll("\\s+", " ");
    int m = body.indexOf("\"message\":\"");
    if (m >= 0) {
      body = body.substring(m + 11);
    }
    return "http-" + r.status() + " " + body.substring(0, Math.min(60, body.length()));
  }
}
