package io.coreactor.gateway.v2;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.coreactor.consensus.server.Member;
import io.coreactor.consensus.server.MemberIds;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/** A member as etcd 2's members API shows it ({@code httptypes.Member}), id in hex. */
@JsonPropertyOrder({"id", "name", "peerURLs", "clientURLs"})
public record MemberJson(String id, String name, List<String> peerURLs, List<String> clientURLs) {

  /** The list {@code GET /v2/members} answers. */
  public record Collection(List<MemberJson> members) {}

  public static MemberJson of(Member m) {
    return new MemberJson(MemberIds.hex(m.id()), m.name(), m.peerUrls(), m.clientUrls());
  }

  /**
   * Peer URLs checked as etcd's {@code types.NewURLs} checks them.
   *
   * @throws IllegalArgumentException with etcd's message for the first bad one
   */
  public static List<String> validUrls(List<String> urls) {
    if (urls == null || urls.isEmpty()) {
      throw new IllegalArgumentException("no valid URLs given");
    }
    List<String> out = new ArrayList<>();
    for (String raw : urls) {
      String in = raw == null ? "" : raw.trim();
      URI u;
      try {
        u = new URI(in);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("parse " + in + ": " + e.getReason());
      }
      String scheme = u.getScheme() == null ? "" : u.getScheme();
      if (!List.of("http", "https", "unix", "unixs").contains(scheme)) {
        throw new IllegalArgumentException("URL scheme must be http, https, unix, or unixs: " + in);
      }
      if (u.getHost() == null || u.getPort() < 0) {
        throw new IllegalArgumentException(
            "URL address does not have the form \"host:port\": " + in);
      }
      if (u.getRawPath() != null && !u.getRawPath().isEmpty()) {
        throw new IllegalArgumentException("URL must not contain a path: " + in);
      }
      out.add(in);
    }
    return out;
  }
}
