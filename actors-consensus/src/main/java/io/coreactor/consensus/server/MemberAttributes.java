package io.coreactor.consensus.server;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/**
 * What the cluster knows of a member besides its Raft id, in etcd's JSON shape: the
 * {@code ConfChange} context that adds a member, and the payload of the member's own publish
 * ({@code id}, {@code clusterId} set) or of a peer URL update.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
record MemberAttributes(@JsonProperty("id") long id,
                        @JsonProperty("name") String name,
                        @JsonProperty("peerURLs") List<String> peerUrls,
                        @JsonProperty("clientURLs") List<String> clientUrls,
                        @JsonProperty("clusterId") long clusterId) {

  static final MemberAttributes NONE = new MemberAttributes(0, "", List.of(), List.of(), 0);

  private static final ObjectMapper JSON = new ObjectMapper();

  MemberAttributes {
    name = name == null ? "" : name;
    peerUrls = peerUrls == null ? List.of() : List.copyOf(peerUrls);
    clientUrls = clientUrls == null ? List.of() : List.copyOf(clientUrls);
  }

  String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write member attributes", e);
    }
  }

  /** Never throws: what arrives through the log is parsed alike everywhere, garbage as nothing. */
  static MemberAttributes fromJson(String json) {
    if (json == null || json.isBlank()) {
      return NONE;
    }
    try {
      MemberAttributes parsed = JSON.readValue(json, MemberAttributes.class);
      return parsed == null ? NONE : parsed;
    } catch (JsonProcessingException | RuntimeException e) {
      return NONE;
    }
  }
}
