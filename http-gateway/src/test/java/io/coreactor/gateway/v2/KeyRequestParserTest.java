package io.coreactor.gateway.v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Parsing as etcd 2's parseKeyRequest, and paths cleaned as Go's path.Clean. */
class KeyRequestParserTest {

  private static KeyRequest parse(String method, String path, String body, String query) {
    return KeyRequestParser.parse(method, path, KeyRequestParser.form(body, query));
  }

  @Test
  void dispatchesLikeEtcdsApplyStep() {
    assertThat(parse("PUT", "/k", "value=1", "").kind()).isEqualTo(KeyRequest.Kind.SET);
    assertThat(parse("PUT", "/k", "", "prevExist=false").kind()).isEqualTo(KeyRequest.Kind.CREATE);
    assertThat(parse("PUT", "/k", "", "prevExist=true").kind()).isEqualTo(KeyRequest.Kind.UPDATE);
    assertThat(parse("PUT", "/k", "", "prevExist=true&prevIndex=3").kind())
        .isEqualTo(KeyRequest.Kind.COMPARE_AND_SWAP);
    assertThat(parse("PUT", "/k", "", "prevExist=false&prevValue=x").kind())
        .isEqualTo(KeyRequest.Kind.CREATE);
    assertThat(parse("PUT", "/k", "", "prevValue=x").kind())
        .isEqualTo(KeyRequest.Kind.COMPARE_AND_SWAP);
    assertThat(parse("POST", "/k", "", "").kind()).isEqualTo(KeyRequest.Kind.CREATE_IN_ORDER);
    assertThat(parse("DELETE", "/k", "", "prevIndex=2").kind())
        .isEqualTo(KeyRequest.Kind.COMPARE_AND_DELETE);
    assertThat(parse("DELETE", "/k", "", "").kind()).isEqualTo(KeyRequest.Kind.DELETE);
    assertThat(parse("GET", "/k", "", "wait=true").kind()).isEqualTo(KeyRequest.Kind.WATCH);
  }

  @Test
  void acceptsGoBooleansAndEmptyTtl() {
    KeyRequest r = parse("PUT", "/k", "ttl=", "recursive=T&dir=1&sorted=False");
    assertThat(r.recursive()).isTrue();
    assertThat(r.dir()).isTrue();
    assertThat(r.sorted()).isFalse();
    assertThat(r.ttl()).isNull();
    assertThat(parse("PUT", "/k", "ttl=7", "ttl=9").ttl()).isEqualTo(7);
  }

  @Test
  void rejectsSignedNumbers() {
    assertThatThrownBy(() -> parse("PUT", "/k", "ttl=+5", ""))
        .isInstanceOfSatisfying(V2Error.class,
            e -> assertThat(e.code()).isEqualTo(V2ErrorCode.TTL_NAN));
    assertThatThrownBy(() -> parse("GET", "/k", "", "waitIndex=-1"))
        .isInstanceOfSatisfying(V2Error.class,
            e -> assertThat(e.code()).isEqualTo(V2ErrorCode.INDEX_NAN));
  }

  @Test
  void cleansPathsLikeGo() {
    assertThat(V2Layout.clean("")).isEqualTo("/");
    assertThat(V2Layout.clean("/a//b/./c/../d/")).isEqualTo("/a/b/d");
    assertThat(V2Layout.clean("/../..")).isEqualTo("/");
    assertThat(V2Layout.ancestors("/a/b/c")).isEqualTo(List.of("/a", "/a/b"));
    assertThat(V2Layout.parse(V2Layout.dirKey("/a/b"))).isEqualTo(new V2Layout.NodeKey("/a/b", true));
    assertThat(V2Layout.parse(V2Layout.fileKey("/a"))).isEqualTo(new V2Layout.NodeKey("/a", false));
    assertThat(V2Layout.parse(V2Layout.recordKey())).isNull();
    assertThat(V2Layout.inOrderName(42)).isEqualTo("00000000000000000042");
  }
}
