package io.coreactor.gateway;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The gateway's one shared Jackson {@link ObjectMapper}, strict about what it reads. */
public final class Json {

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      // Ambiguous input is refused rather than guessed at: {"key":1,"key":2}, {}{} and 1.0e400.
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .disable(JsonParser.Feature.ALLOW_COMMENTS)
      .build();

  private Json() {
  }

  /** The shared mapper; thread-safe, configure nothing on it after startup. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }
}
