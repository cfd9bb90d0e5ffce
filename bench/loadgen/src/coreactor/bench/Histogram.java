package coreactor.bench;

/**
 * Latency histogram in microseconds with log-linear buckets, in the spirit of HdrHistogram:
 * exact below 128 µs, then 64 buckets per power of two, so any reported value is within
 * 1/64 (1.6%) of the true one at any magnitude, in a fixed 4,096-slot array. Not thread-safe:
 * each client thread owns one and the runner merges them at the end.
 */
final class Histogram {
  private static final int SUB_BUCKETS = 64; // per power of two above the exact range
  private static final int EXACT = 2 * SUB_BUCKETS; // 0..127 µs recorded exactly
  private static final int SLOTS = 64 * SUB_BUCKETS;

  private final long[] counts = new long[SLOTS];
  private long count;
  private long sum;
  private long min = Long.MAX_VALUE;
  private long max;

  void record(long micros) {
    long v = Math.max(0, micros);
    counts[index(v)]++;
    count++;
    sum += v;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }

  void add(Histogram other) {
    for (int i = 0; i < SLOTS; i++) {
      counts[i] += other.counts[i];
    }
    count += other.count;
    sum += other.sum;
    min = Math.min(min, other.min);
    max = Math.max(max, other.max);
  }

  long count() {
    return count;
  }

  long max() {
    return max;
  }

  long min() {
    return count == 0 ? 0 : min;
  }

  double mean() {
    return count == 0 ? 0 : (double) sum / count;
  }

  /** The value at quantile q (0..1): the top of the bucket holding it, never above the max. */
  long percentile(double q) {
    if (count == 0) {
      return 0;
    }
    long rank = Math.max(1, (long) Math.ceil(q * count));
    long seen = 0;
    for (int i = 0; i < SLOTS; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return Math.min(highestInBucket(i), max);
      }
    }
    return max;
  }

  static int index(long v) {
    if (v < EXACT) {
      return (int) v;
    }
    int magnitude = 63 - Long.numberOfLeadingZeros(v); // >= 7
    int shift = magnitude - 6; // leaves the top 7 bits: 64..127
    int top = (int) (v >>> shift);
    return Math.min(SLOTS - 1, shift * SUB_BUCKETS + top);
  }

  static long highestInBucket(int index) {
    if (index < EXACT) {
      return index;
    }
    int shift = index / SUB_BUCKETS - 1;
    long top = index - (long) shift * SUB_BUCKETS;
    return ((top + 1) << shift) - 1;
  }

  /**
   * Records 1..1,000,000 µs and checks the reported quantiles against the exact ones; returns
   * what is off (empty when the histogram keeps its 1/64 promise).
   */
  static java.util.Map<String, Long> selfCheck() {
    Histogram h = new Histogram();
    for (long v = 1; v <= 1_000_000; v++) {
      h.record(v);
    }
    java.util.Map<String, Long> problems = new java.util.TreeMap<>();
    for (double q : new double[] {0.5, 0.9, 0.99, 0.999}) {
      double exact = q * 1_000_000;
      long reported = h.percentile(q);
      if (reported < exact || reported > exact * (1 + 1.0 / SUB_BUCKETS)) {
        problems.put("histogram p" + q + " reported " + reported + " for " + (long) exact, 1L);
      }
    }
    if (h.count() != 1_000_000 || h.max() != 1_000_000 || h.min() != 1) {
      problems.put("histogram count/min/max wrong", 1L);
    }
    return problems;
  }
}
