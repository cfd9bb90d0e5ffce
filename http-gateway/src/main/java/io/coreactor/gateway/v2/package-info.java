/**
 * etcd 2's HTTP API ({@code /v2/keys}, {@code /v2/members}, {@code /v2/machines},
 * {@code /v2/stats}) served as a mapping onto the one v3 store, as etcd 3.4's v2v3 emulation
 * does: there is no second store. Statuses are etcd's own ({@code errorStatus}): 104, 107, the
 * 2xx form errors and 401 are 400, as etcd answers them.
 *
 * <h2>Key layout in the v3 key space</h2>
 * Everything lives under the reserved prefix {@code /v2keys}, so v2 and v3 users do not collide
 * (a v3 user must not write under it):
 * <ul>
 *   <li>a file {@code /a/b} is the v3 key {@code /v2keys/a/b}, its value the file's value;
 *   <li>a directory {@code /a} is the marker key {@code /v2keys/a/} (trailing slash, empty
 *       value); it sorts right before everything below it, so a directory with its whole
 *       subtree is the one range {@code [/v2keys/a/, /v2keys/a0)}; the root is implicit;
 *   <li>{@code /v2keys} itself is rewritten by every v2 write with a {@link
 *       io.coreactor.gateway.v2.WriteRecord} (action and node), which is how watchers tell
 *       {@code set} from {@code compareAndSwap} and a lease's {@code expire} (no record) from a
 *       {@code delete};
 *   <li>{@code createdIndex}/{@code modifiedIndex} are the v3 create/mod revisions and
 *       {@code X-Etcd-Index} the store revision; a TTL is a v3 lease per node (keys created in
 *       a TTL'd directory without a TTL of their own share the directory's lease).
 * </ul>
 *
 * <h2>Atomicity</h2>
 * A write reads the path, its ancestors and its subtree in one read-only txn ({@link
 * io.coreactor.gateway.v2.Snapshot}), decides etcd 2's answer from it ({@link
 * io.coreactor.gateway.v2.KeysPlanner}) and commits one txn whose compares assert that nothing
 * it read changed (mod revision equal, or still absent; an empty directory still empty; no
 * change in a directory since the revision an in-order name was taken from). A lost race
 * commits nothing and is replanned, a bounded number of times. The first plan reads the
 * member's own state without a ReadIndex round (the guards catch a stale read, and an error
 * planned on it is confirmed by a linearizable read before it is answered); replans and
 * in-order creates read linearizably.
 *
 * <h2>Deviations from etcd 2</h2>
 * <ul>
 *   <li>{@code set} over an existing file keeps its {@code createdIndex} (a v3 put does);
 *   <li>in-order keys are named by the store revision the name was taken at (zero-padded to 20
 *       digits); names grow with creation order, and equal the createdIndex when no other
 *       write came in between;
 *   <li>a GET is served by the member asked, as etcd 2 serves it, unless it says {@code
 *       quorum=true} (then it passes a ReadIndex barrier first); a write plans on the member's
 *       own state first and commits only if that was current (see Atomicity);
 *   <li>{@code ttl}/{@code expiration} come from the lease's remaining whole seconds; watch
 *       events and {@code prevNode} carry no TTL; {@code ttl=0} is a 1 s lease;
 *   <li>changing a directory's TTL does not move keys that share its old lease;
 *   <li>the event window for {@code waitIndex} is the last 1000 store revisions (and no
 *       further back than the v3 compaction);
 *   <li>an idle {@code wait=true} response writes a newline every 5 s (JSON readers skip it),
 *       because pekko-http only notices a client that hung up when it writes; so the v3 watch
 *       behind an abandoned long poll ends within about two heartbeats;
 *   <li>an unavailable store (no leader, timeout) answers 503 with errorCode 300, where etcd
 *       answers 500; the members API answers 503 with a message in that case;
 *   <li>{@code /v2/stats}: per-follower latency and append counts read 0, {@code expireCount}
 *       stays 0, the other store counters count this member's gateway requests.
 * </ul>
 */
package io.coreactor.gateway.v2;
