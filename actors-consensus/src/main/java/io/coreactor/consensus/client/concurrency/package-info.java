/**
 * etcd's clientv3/concurrency recipes on {@link io.coreactor.consensus.client.KvClient} alone:
 * a {@link io.coreactor.consensus.client.concurrency.Session} (a lease kept alive), leader
 * {@link io.coreactor.consensus.client.concurrency.Election} and a fair
 * {@link io.coreactor.consensus.client.concurrency.Mutex}, both ordered by create revision.
 */
package io.coreactor.consensus.client.concurrency;
