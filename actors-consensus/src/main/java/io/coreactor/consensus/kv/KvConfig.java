package io.coreactor.consensus.kv;

/**
 * Limits of the store, which must be the same on every replica (etcd's
 * {@code --max-request-bytes}, {@code --max-txn-ops} and the lessor's minimum TTL).
 *
 * @param maxRequestBytes largest encoded command accepted
 * @param maxTxnOps most compares or operations in one txn branch
 * @param minLeaseTtl shorter lease TTLs are raised to this many seconds; etcd derives it as 1.5
 *     election timeouts rounded up, which is 2 with its defaults
 */
public record KvConfig(int maxRequestBytes, int maxTxnOps, long minLeaseTtl) {

  /** etcd's default request limit, 1.5 MiB. */
  public static final int DEFAULT_MAX_REQUEST_BYTES = 3 * 512 * 1024;

  /** etcd's defaults. */
  public static final KvConfig DEFAULT = new KvConfig(DEFAULT_MAX_REQUEST_BYTES, 128, 2);

  /** The longest lease TTL etcd grants, in seconds ({@code lease.MaxLeaseTTL}). */
  public static final long MAX_LEASE_TTL = 9_000_000_000L;

  public KvConfig {
    if (maxRequestBytes <= 0 || maxTxnOps <= 0 || minLeaseTtl < 0) {
      throw new IllegalArgumentException("invalid KvConfig " + maxRequestBytes + "/" + maxTxnOps
          + "/" + minLeaseTtl);
    }
  }
}
