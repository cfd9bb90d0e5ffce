package io.coreactor.gateway.v2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The v2 error cases as curl sees them: status, etcd's JSON body and X-Etcd-Index. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErrorCasesHttpTest {

  private V2TestServer server;
  private V2HttpClient client;

  @BeforeAll
  void start() throws Exception {
    server = new V2TestServer();
    client = new V2HttpClient(server.url);
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  private JsonNode expect(HttpResponse<String> r, int status, int code) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    JsonNode e = V2HttpClient.json(r);
    assertThat(e.get("errorCode").asInt()).isEqualTo(code);
    assertThat(r.headers().firstValue("X-Etcd-Index")).hasValue(e.get("index").asText());
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    return e;
  }

  @Test
  void compareAndSwapOnADirectory() throws Exception {
    client.send("PUT", "/v2/keys/casdir/x", "value=1");
    JsonNode e = expect(client.send("PUT", "/v2/keys/casdir?prevValue=1", "value=2"), 403, 102);
    assertThat(e.get("cause").asText()).isEqualTo("/casdir");
    assertThat(e.get("index").asLong()).isPositive();
  }

  @Test
  void deletingANonEmptyDirectoryWithoutRecursive() throws Exception {
    client.send("PUT", "/v2/keys/full/x", "value=1");
    expect(client.send("DELETE", "/v2/keys/full?dir=true", null), 403, 108);
    assertThat(client.send("GET", "/v2/keys/full/x", null).statusCode()).isEqualTo(200);
  }

  @Test
  void invalidTtl() throws Exception {
    JsonNode e = expect(client.send("PUT", "/v2/keys/t", "value=1&ttl=soon"), 400, 202);
    assertThat(e.get("index").asLong()).isZero();
    assertThat(client.send("GET", "/v2/keys/t", null).statusCode()).isEqualTo(404);
  }

  @Test
  void unknownParametersAreIgnored() throws Exception {
    HttpResponse<String> r = client.send("PUT", "/v2/keys/unk?nonsense=1", "value=v&what=2");
    assertThat(r.statusCode()).isEqualTo(201);
  }

  @Test
  void headAnswersLikeGetWithoutABody() throws Exception {
    client.send("PUT", "/v2/keys/head", "value=1");
    HttpResponse<String> r = client.send("HEAD", "/v2/keys/head", null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEmpty();
    assertThat(r.headers().firstValue("X-Etcd-Index")).isPresent();
    assertThat(client.send("HEAD", "/v2/keys/nohead", null).statusCode()).isEqualTo(404);
  }

  @Test
  void missingKeyAndCompareFailure() throws Exception {
    expect(client.send("GET", "/v2/keys/does/not/exist", null), 404, 100);
    client.send("PUT", "/v2/keys/cmp", "value=a");
    expect(client.send("DELETE", "/v2/keys/cmp?prevValue=b", null), 412, 101);
    expect(client.send("PUT", "/v2/keys/cmp?prevExist=false", "value=c"), 412, 105);
  }
}
