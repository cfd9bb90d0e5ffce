/**
 * etcd 3.4's v3 data model as a pure, deterministic state machine: MVCC revisions, ranges,
 * puts and deletes, transactions, compaction, leases and the events watchers need.
 *
 * <p>Start with {@link io.coreactor.consensus.kv.KvStateMachine} (the contract with Raft) and
 * {@link io.coreactor.consensus.kv.KvCommand} (the log format). Inside: {@code Applier} and
 * {@code TxnApplier} are etcd's {@code applierV3backend}; {@code RequestValidator} its
 * {@code v3rpc} request checks; {@code MvccStore}, {@code KeyIndex}, {@code History} and
 * {@code WriteTxn} its {@code mvcc} package (with the versions themselves in memory, where
 * etcd keeps them in bbolt); {@code Lessor} the replicated part of its lessor.
 */
package io.coreactor.consensus.kv;
