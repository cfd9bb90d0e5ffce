package io.coreactor.consensus.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

/**
 * Drives a {@link KvStateMachine} the way Raft does, through the log format at increasing
 * indices, and unwraps responses the way a client would see them.
 */
final class Kv {

  final KvStateMachine sm;
  long index;
  /** Every event applied so far, in order. */
  final List<Event> events = new ArrayList<>();

  Kv() {
    this(new KvStateMachine());
  }

  Kv(KvStateMachine sm) {
    this.sm = sm;
  }

  static Bytes b(String s) {
    return Bytes.of(s);
  }

  /** Encodes and applies; encoding refuses invalid requests just as etcd does before proposing. */
  Applied apply(KvRequest request) {
    Applied a = sm.applyEntry(++index, KvCommand.encode(request));
    events.addAll(a.events());
    return a;
  }

  /** The response, or the store's refusal thrown as a client would get it. */
  @SuppressWarnings("unchecked")
  <T extends KvResponse> T ok(KvRequest request) {
    Object r = apply(request).response();
    if (r instanceof KvException e) {
      throw e;
    }
    return (T) r;
  }

  /** The refusal the state machine returns for a request applied without encoding. */
  KvError refused(KvRequest request) {
    Object r = sm.applyRequest(++index, request).response();
    assertThat(r).as("response to %s", request).isInstanceOf(KvException.class);
    return ((KvException) r).error();
  }

  PutResponse put(String key, String value) {
    return ok(PutRequest.of(b(key), b(value)));
  }

  PutResponse put(String key, String value, long lease) {
    return ok(PutRequest.of(b(key), b(value)).withLease(lease));
  }

  DeleteRangeResponse delete(String key) {
    return ok(DeleteRangeRequest.key(b(key)));
  }

  TxnResponse txn(TxnRequest txn) {
    return ok(txn);
  }

  long grant(long id, long ttl) {
    LeaseGrantResponse r = ok(new LeaseGrantRequest(ttl, id));
    return r.id();
  }

  LeaseRevokeResponse revoke(long id) {
    return ok(new LeaseRevokeRequest(id));
  }

  CompactionResponse compact(long revision) {
    return ok(new CompactionRequest(revision, false));
  }

  RangeResponse range(RangeRequest request) {
    return sm.range(request);
  }

  /** The key's current version, or null. */
  KeyValue get(String key) {
    List<KeyValue> kvs = sm.range(RangeRequest.key(b(key))).kvs();
    return kvs.isEmpty() ? null : kvs.get(0);
  }

  KeyValue getAt(String key, long revision) {
    List<KeyValue> kvs = sm.range(RangeRequest.key(b(key)).withRevision(revision)).kvs();
    return kvs.isEmpty() ? null : kvs.get(0);
  }

  /** The keys of a response, as strings. */
  static List<String> keys(RangeResponse r) {
    return r.kvs().stream().map(kv -> kv.key().toStringUtf8()).toList();
  }

  static List<String> values(RangeResponse r) {
    return r.kvs().stream().map(kv -> kv.value().toStringUtf8()).toList();
  }
}
