package coreactor.bench;

import java.util.SplittableRandom;

/**
 * Keys and values of the workload: 8-byte keys and 256-byte values of lowercase letters and
 * digits (printable so the same key works in a v2 URL path and, base64-encoded, in v3 JSON),
 * all drawn from seeded generators so a run is reproducible from its printed seed.
 */
final class Keys {
  static final int KEY_BYTES = 8;
  static final int VALUE_BYTES = 256;
  private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

  private Keys() {}

  /** A fresh random key: 36^8 possibilities, so writes practically never repeat a key. */
  static String randomKey(SplittableRandom rnd) {
    return randomString(rnd, KEY_BYTES);
  }

  static String randomValue(SplittableRandom rnd) {
    return randomString(rnd, VALUE_BYTES);
  }

  /**
   * The i-th key of the preloaded set that reads draw from: a pure function of seed and i, so
   * the preload step and a later read step (another process) agree without sharing state.
   */
  static String preloadedKey(long seed, int i) {
    return randomKey(new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (i + 1))));
  }

  private static String randomString(SplittableRandom rnd, int length) {
    char[] c = new char[length];
    for (int i = 0; i < length; i++) {
      c[i] = ALPHABET[rnd.nextInt(ALPHABET.length)];
    }
    return new String(c);
  }
}
