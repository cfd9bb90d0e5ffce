package io.coreactor.consensus.kv;

import static io.coreactor.consensus.kv.Kv.b;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coreactor.consensus.kv.RangeRequest.SortOrder;
import io.coreactor.consensus.kv.RangeRequest.SortTarget;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The log format of requests: round trips, determinism, versions and limits. */
class KvCommandTest {

  private static final Bytes BINARY = Bytes.copyOf(new byte[] {0, (byte) 0xff, 0x7f, (byte) 0x80});

  static Stream<KvRequest> requests() {
    RangeRequest range = new RangeRequest(b("k"), BINARY, 10, 77, SortOrder.DESCEND,
        SortTarget.VALUE, true, true, true, 1, 2, 3, Long.MAX_VALUE);
    PutRequest put = new PutRequest(BINARY, b("value"), -4, true, false, false);
    PutRequest keep = new PutRequest(b("k"), Bytes.EMPTY, 0, false, true, true);
    DeleteRangeRequest delete = new DeleteRangeRequest(b("a"), Bytes.ZERO, true);
    TxnRequest nested = new TxnRequest(
        List.of(Compare.value(b("x"), Compare.Result.NOT_EQUAL, BINARY).withRangeEnd(b("y"))),
        List.of(PutRequest.of(b("p"), b("q"))), List.of(RangeRequest.key(b("r"))));
    TxnRequest txn = new TxnRequest(
        List.of(Compare.version(b("a"), Compare.Result.EQUAL, 3),
            Compare.createRevision(b("b"), Compare.Result.GREATER, Long.MIN_VALUE),
            Compare.modRevision(b("c"), Compare.Result.LESS, 0),
            Compare.lease(b("d"), Compare.Result.NOT_EQUAL, 12345678901L)),
        List.of(range, PutRequest.of(b("z"), Bytes.EMPTY), DeleteRangeRequest.range(b("a"), b("b")),
            nested),
        List.of(DeleteRangeRequest.prefix(b("pre"))));
    return Stream.of(range, RangeRequest.key(b("k")), put, keep, PutRequest.of(b("k"), b("v")),
        delete, txn, new TxnRequest(List.of(), List.of(), List.of()),
        new CompactionRequest(99, true), new LeaseGrantRequest(60, 0),
        new LeaseGrantRequest(5, -1), new LeaseRevokeRequest(Long.MAX_VALUE));
  }

  @ParameterizedTest
  @MethodSource("requests")
  void everyRequestSurvivesTheRoundTrip(KvRequest request) {
    byte[] encoded = KvCommand.encode(request);
    assertThat(encoded[0]).isEqualTo((byte) KvCommand.VERSION);
    assertThat(KvCommand.decode(encoded)).isEqualTo(request);
    assertThat(KvCommand.encode(KvCommand.decode(encoded))).isEqualTo(encoded);
  }

  @Test
  void smallRequestsEncodeSmall() {
    assertThat(KvCommand.encode(PutRequest.of(b("foo"), b("bar")))).hasSize(12);
  }

  @Test
  void unknownVersionsTypesAndDamagedBytesAreRefused() {
    byte[] good = KvCommand.encode(PutRequest.of(b("foo"), b("bar")));
    byte[] newer = good.clone();
    newer[0] = 2;
    assertThatThrownBy(() -> KvCommand.decode(newer)).hasMessageContaining("version 2");
    byte[] unknownType = good.clone();
    unknownType[1] = 42;
    assertThatThrownBy(() -> KvCommand.decode(unknownType)).hasMessageContaining("type 42");
    assertThatThrownBy(() -> KvCommand.decode(Arrays.copyOf(good, good.length - 1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KvCommand.decode(Arrays.copyOf(good, good.length + 1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new KvStateMachine().apply(1, newer))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void requestsOverTheLimitAreTooLarge() {
    PutRequest big = PutRequest.of(b("k"), Bytes.copyOf(new byte[KvConfig.DEFAULT_MAX_REQUEST_BYTES]));
    assertThatThrownBy(() -> KvCommand.encode(big)).isInstanceOfSatisfying(KvException.class,
        e -> {
          assertThat(e.error()).isEqualTo(KvError.REQUEST_TOO_LARGE);
          assertThat(e.getMessage()).isEqualTo("etcdserver: request is too large");
        });
    PutRequest fits = PutRequest.of(b("k"),
        Bytes.copyOf(new byte[KvConfig.DEFAULT_MAX_REQUEST_BYTES - 100]));
    assertThat(KvCommand.encode(fits)).hasSizeLessThanOrEqualTo(KvConfig.DEFAULT_MAX_REQUEST_BYTES);
    KvConfig tiny = new KvConfig(16, 128, 2);
    assertThatThrownBy(() -> KvCommand.encode(PutRequest.of(b("key"), b("a-longer-value")), tiny))
        .isInstanceOf(KvException.class);
  }
}
