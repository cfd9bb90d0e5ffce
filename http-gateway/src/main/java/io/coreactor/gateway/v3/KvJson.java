package io.coreactor.gateway.v3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coreactor.consensus.kv.CompactionRequest;
import io.coreactor.consensus.kv.CompactionResponse;
import io.coreactor.consensus.kv.Compare;
import io.coreactor.consensus.kv.DeleteRangeRequest;
import io.coreactor.consensus.kv.DeleteRangeResponse;
import io.coreactor.consensus.kv.KeyValue;
import io.coreactor.consensus.kv.KvError;
import io.coreactor.consensus.kv.PutRequest;
import io.coreactor.consensus.kv.PutResponse;
import io.coreactor.consensus.kv.RangeRequest;
import io.coreactor.consensus.kv.RangeResponse;
import io.coreactor.consensus.kv.RequestOp;
import io.coreactor.consensus.kv.ResponseHeader;
import io.coreactor.consensus.kv.ResponseOp;
import io.coreactor.consensus.kv.TxnRequest;
import io.coreactor.consensus.kv.TxnResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** etcd's KV service messages ({@code rpc.proto}, {@code kv.proto}) to and from JSON. */
public final class KvJson {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final Set<String> RANGE = Set.of("key", "range_end", "limit", "revision",
      "sort_order", "sort_target", "serializable", "keys_only", "count_only", "min_mod_revision",
      "max_mod_revision", "min_create_revision", "max_create_revision");
  private static final Set<String> PUT =
      Set.of("key", "value", "lease", "prev_kv", "ignore_value", "ignore_lease");
  private static final Set<String> DELETE = Set.of("key", "range_end", "prev_kv");
  private static final Set<String> TXN = Set.of("compare", "success", "failure");
  private static final Set<String> COMPARE = Set.of("result", "target", "key", "version",
      "create_revision", "mod_revision", "value", "lease", "range_end");
  private static final Set<String> REQUEST_OP =
      Set.of("request_range", "request_put", "request_delete_range", "request_txn");
  private static final Set<String> COMPACTION = Set.of("revision", "physical");

  private KvJson() {
  }

  // ---- requests

  public static RangeRequest rangeRequest(JsonNode body) {
    return range(ProtoReader.of(body, "etcdserverpb.RangeRequest", RANGE));
  }

  public static PutRequest putRequest(JsonNode body) {
    return put(ProtoReader.of(body, "etcdserverpb.PutRequest", PUT));
  }

  public static DeleteRangeRequest deleteRangeRequest(JsonNode body) {
    return delete(ProtoReader.of(body, "etcdserverpb.DeleteRangeRequest", DELETE));
  }

  public static TxnRequest txnRequest(JsonNode body) {
    return txn(ProtoReader.of(body, "etcdserverpb.TxnRequest", TXN));
  }

  public static CompactionRequest compactionRequest(JsonNode body) {
    ProtoReader r = ProtoReader.of(body, "etcdserverpb.CompactionRequest", COMPACTION);
    return new CompactionRequest(r.int64("revision"), r.bool("physical"));
  }

  private static RangeRequest range(ProtoReader r) {
    return new RangeRequest(r.bytes("key"), r.bytes("range_end"), r.int64("limit"),
        r.int64("revision"),
        r.enumValue("sort_order", RangeRequest.SortOrder.class, RangeRequest.SortOrder.NONE),
        r.enumValue("sort_target", RangeRequest.SortTarget.class, RangeRequest.SortTarget.KEY),
        r.bool("serializable"), r.bool("keys_only"), r.bool("count_only"),
        r.int64("min_mod_revision"), r.int64("max_mod_revision"),
        r.int64("min_create_revision"), r.int64("max_create_revision"));
  }

  private static PutRequest put(ProtoReader r) {
    return new PutRequest(r.bytes("key"), r.bytes("value"), r.int64("lease"), r.bool("prev_kv"),
        r.bool("ignore_value"), r.bool("ignore_lease"));
  }

  private static DeleteRangeRequest delete(ProtoReader r) {
    return new DeleteRangeRequest(r.bytes("key"), r.bytes("range_end"), r.bool("prev_kv"));
  }

  private static TxnRequest txn(ProtoReader r) {
    List<Compare> compares = new ArrayList<>();
    for (JsonNode c : r.repeated("compare")) {
      compares.add(compare(ProtoReader.of(c, "etcdserverpb.Compare", COMPARE)));
    }
    return new TxnRequest(compares, ops(r.repeated("success")), ops(r.repeated("failure")));
  }

  private static Compare compare(ProtoReader r) {
    Compare.Target target = r.enumValue("target", Compare.Target.class, Compare.Target.VERSION);
    r.oneOf("version", "create_revision", "mod_revision", "value", "lease");
    // As in etcd, the number is read from the field that matches the target.
    long number = switch (target) {
      case VERSION -> r.int64("version");
      case CREATE -> r.int64("create_revision");
      case MOD -> r.int64("mod_revision");
      case LEASE -> r.int64("lease");
      case VALUE -> 0;
    };
    return new Compare(r.enumValue("result", Compare.Result.class, Compare.Result.EQUAL), target,
        r.bytes("key"), r.bytes("range_end"), number, r.bytes("value"));
  }

  private static List<RequestOp> ops(List<JsonNode> nodes) {
    List<RequestOp> ops = new ArrayList<>(nodes.size());
    for (JsonNode n : nodes) {
      ProtoReader r = ProtoReader.of(n, "etcdserverpb.RequestOp", REQUEST_OP);
      String which = r.oneOf("request_range", "request_put", "request_delete_range", "request_txn");
      if (which == null) {
        // etcd's answer to an empty op.
        throw KvError.KEY_NOT_FOUND.exception();
      }
      ops.add(switch (which) {
        case "request_range" -> range(r.message(which, "etcdserverpb.RangeRequest", RANGE));
        case "request_put" -> put(r.message(which, "etcdserverpb.PutRequest", PUT));
        case "request_delete_range" -> delete(r.message(which, "etcdserverpb.DeleteRangeRequest", DELETE));
        default -> txn(r.message(which, "etcdserverpb.TxnRequest", TXN));
      });
    }
    return ops;
  }

  // ---- responses

  public static ObjectNode header(ResponseHeader h) {
    return ProtoWriter.on(NODES.objectNode())
        .uint64("cluster_id", h.clusterId())
        .uint64("member_id", h.memberId())
        .int64("revision", h.revision())
        .uint64("raft_term", h.raftTerm())
        .node();
  }

  public static ObjectNode keyValue(KeyValue kv) {
    return ProtoWriter.on(NODES.objectNode())
        .bytes("key", kv.key())
        .int64("create_revision", kv.createRevision())
        .int64("mod_revision", kv.modRevision())
        .int64("version", kv.version())
        .bytes("value", kv.value())
        .int64("lease", kv.lease())
        .node();
  }

  public static ObjectNode rangeResponse(RangeResponse r) {
    return withHeader(r.header())
        .repeated("kvs", keyValues(r.kvs()))
        .bool("more", r.more())
        .int64("count", r.count())
        .node();
  }

  public static ObjectNode putResponse(PutResponse r) {
    return withHeader(r.header())
        .message("prev_kv", r.prevKv() == null ? null : keyValue(r.prevKv()))
        .node();
  }

  public static ObjectNode deleteRangeResponse(DeleteRangeResponse r) {
    return withHeader(r.header())
        .int64("deleted", r.deleted())
        .repeated("prev_kvs", keyValues(r.prevKvs()))
        .node();
  }

  public static ObjectNode txnResponse(TxnResponse r) {
    ArrayNode responses = NODES.arrayNode();
    for (ResponseOp op : r.responses()) {
      ObjectNode one = NODES.objectNode();
      if (op instanceof RangeResponse range) {
        one.set("response_range", rangeResponse(range));
      } else if (op instanceof PutResponse put) {
        one.set("response_put", putResponse(put));
      } else if (op instanceof DeleteRangeResponse del) {
        one.set("response_delete_range", deleteRangeResponse(del));
      } else if (op instanceof TxnResponse txn) {
        one.set("response_txn", txnResponse(txn));
      }
      responses.add(one);
    }
    return withHeader(r.header())
        .bool("succeeded", r.succeeded())
        .repeated("responses", responses)
        .node();
  }

  public static ObjectNode compactionResponse(CompactionResponse r) {
    return withHeader(r.header()).node();
  }

  static ProtoWriter withHeader(ResponseHeader h) {
    return ProtoWriter.on(NODES.objectNode()).message("header", h == null ? null : header(h));
  }

  static ArrayNode keyValues(List<KeyValue> kvs) {
    ArrayNode out = NODES.arrayNode();
    kvs.forEach(kv -> out.add(keyValue(kv)));
    return out;
  }
}
