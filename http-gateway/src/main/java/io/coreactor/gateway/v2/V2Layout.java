package io.coreactor.gateway.v2;

import io.coreactor.consensus.kv.Bytes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Where etcd 2's tree lives in the flat v3 key space (see package-info): a file {@code /a/b} is
 * the v3 key {@code /v2keys/a/b}, a directory {@code /a} the marker key {@code /v2keys/a/}, and
 * {@code /v2keys} itself holds the record of the last v2 write, so watchers can tell its action.
 */
public final class V2Layout {

  /** The reserved v3 prefix of every v2 key; also the key of the last-write record. */
  public static final String PREFIX = "/v2keys";

  /** The root directory's path. */
  public static final String ROOT = "/";

  private V2Layout() {}

  /** A v2 node named by a v3 key: its v2 path and whether it is a directory marker. */
  public record NodeKey(String path, boolean dir) {}

  public static Bytes fileKey(String path) {
    return Bytes.of(PREFIX + path);
  }

  public static Bytes dirKey(String path) {
    return Bytes.of(ROOT.equals(path) ? PREFIX + "/" : PREFIX + path + "/");
  }

  public static Bytes recordKey() {
    return Bytes.of(PREFIX);
  }

  /** The end of the range [dirKey(path), end) that holds the directory and all below it. */
  public static Bytes subtreeEnd(String path) {
    return dirKey(path).prefixEnd();
  }

  /** The first key strictly below the directory's marker: its children and their subtrees. */
  public static Bytes childrenStart(String path) {
    return Bytes.of(PREFIX + (ROOT.equals(path) ? "/" : path + "/") + "\u0000");
  }

  /** A watch over this range sees the record key and every node key. */
  public static Bytes watchStart() {
    return recordKey();
  }

  public static Bytes watchEnd() {
    return Bytes.of(PREFIX + "/").prefixEnd();
  }

  /** The v2 node a v3 key stands for, or null for the record key or a foreign key. */
  public static NodeKey parse(Bytes key) {
    String s = key.toStringUtf8();
    if (!s.startsWith(PREFIX + "/") || s.length() == PREFIX.length() + 1) {
      return null;
    }
    String rest = s.substring(PREFIX.length());
    return rest.endsWith("/")
        ? new NodeKey(rest.substring(0, rest.length() - 1), true)
        : new NodeKey(rest, false);
  }

  /** Go's {@code path.Clean(path.Join("/", raw))}: absolute, no empty, "." or ".." segments. */
  public static String clean(String raw) {
    Deque<String> parts = new ArrayDeque<>();
    for (String seg : raw.split("/", -1)) {
      if (seg.isEmpty() || seg.equals(".")) {
        continue;
      }
      if (seg.equals("..")) {
        parts.pollLast();
      } else {
        parts.addLast(seg);
      }
    }
    return parts.isEmpty() ? ROOT : "/" + String.join("/", parts);
  }

  /** The directories above {@code path}, top-down, without the root: "/a", "/a/b" for "/a/b/c". */
  public static List<String> ancestors(String path) {
    List<String> out = new ArrayList<>();
    int i = path.indexOf('/', 1);
    while (i > 0) {
      out.add(path.substring(0, i));
      i = path.indexOf('/', i + 1);
    }
    return out;
  }

  public static String parent(String path) {
    int i = path.lastIndexOf('/');
    return i <= 0 ? ROOT : path.substring(0, i);
  }

  /** The path joined with a child name. */
  public static String child(String dir, String name) {
    return ROOT.equals(dir) ? "/" + name : dir + "/" + name;
  }

  /** Whether {@code path} is {@code dir} itself or lies below it. */
  public static boolean isWithin(String path, String dir) {
    return ROOT.equals(dir) || path.equals(dir) || path.startsWith(dir + "/");
  }

  /** Whether a name below {@code base} on the way to {@code path} starts with '_' (etcd's hidden). */
  public static boolean isHiddenBelow(String base, String path) {
    String after = ROOT.equals(base) ? path : path.substring(Math.min(base.length(), path.length()));
    return after.contains("/_");
  }

  /** The etcd 2 in-order key name for an index: the decimal index zero-padded to 20 digits. */
  public static String inOrderName(long index) {
    return String.format("%020d", index);
  }
}
