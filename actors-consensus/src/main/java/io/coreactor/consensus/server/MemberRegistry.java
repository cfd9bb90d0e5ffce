package io.coreactor.consensus.server;

import io.coreactor.consensus.raft.ConfChange;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The members' names and URLs (etcd's {@code membership.RaftCluster} attributes), replicated
 * with the store but outside its key space: maintained from membership entries' contexts and
 * from members' publish and update commands, in log order, and part of the snapshot. Which
 * members are voters or learners is Raft's own conf state; this only names them. Not
 * thread-safe: the store's lock guards it.
 */
final class MemberRegistry {

  private final TreeMap<Long, MemberAttributes> members = new TreeMap<>();
  private final TreeSet<Long> removed = new TreeSet<>();
  private long clusterId;

  /** An added member gets the peer URLs of the change's context; a removed one is forgotten. */
  void applyConfChange(ConfChange change) {
    long id = change.nodeId();
    if (change.type() == ConfChange.Type.REMOVE) {
      members.remove(id);
      removed.add(id);
      return;
    }
    removed.remove(id);   // ids come from peer URLs: a member may come back at the same URL
    MemberAttributes context = MemberAttributes.fromJson(change.context());
    MemberAttributes old = members.getOrDefault(id, MemberAttributes.NONE);
    members.put(id, new MemberAttributes(id, context.name().isEmpty() ? old.name() : context.name(),
        context.peerUrls().isEmpty() ? old.peerUrls() : context.peerUrls(), old.clientUrls(), 0));
  }

  /**
   * A member's own publish: its name and client URLs, and its peer URLs unless they are already
   * known (a founder's are not: founders are in the initial conf state, not in the log). The
   * first cluster id published is the cluster's: a joining member learns it from here.
   */
  void publish(MemberAttributes published) {
    if (clusterId == 0) {
      clusterId = published.clusterId();
    }
    long id = published.id();
    if (id == 0 || removed.contains(id)) {
      return;   // etcd ignores a publish from a removed member
    }
    MemberAttributes old = members.getOrDefault(id, MemberAttributes.NONE);
    members.put(id, new MemberAttributes(id, published.name(),
        old.peerUrls().isEmpty() ? published.peerUrls() : old.peerUrls(), published.clientUrls(), 0));
  }

  /** New peer URLs for a known member; an unknown member is left alone. */
  void updatePeerUrls(long id, List<String> peerUrls) {
    MemberAttributes old = members.get(id);
    if (old != null && !peerUrls.isEmpty()) {
      members.put(id, new MemberAttributes(id, old.name(), peerUrls, old.clientUrls(), 0));
    }
  }

  /** The attributes of every member known, by id. */
  SortedMap<Long, MemberAttributes> all() {
    return Collections.unmodifiableSortedMap(new TreeMap<>(members));
  }

  /** The cluster id published by the founders, 0 before the first publish. */
  long clusterId() {
    return clusterId;
  }

  /** A deterministic binary form: members in id order, removed ids, the cluster id. */
  byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeLong(clusterId);
      out.writeInt(members.size());
      for (MemberAttributes m : members.values()) {
        out.writeLong(m.id());
        out.writeUTF(m.name());
        writeList(out, m.peerUrls());
        writeList(out, m.clientUrls());
      }
      out.writeInt(removed.size());
      for (long id : removed) {
        out.writeLong(id);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Reads what {@link #encode} wrote.
   *
   * @throws IllegalArgumentException for malformed bytes
   */
  static MemberRegistry decode(byte[] data) {
    MemberRegistry registry = new MemberRegistry();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
      registry.clusterId = in.readLong();
      int n = in.readInt();
      for (int i = 0; i < n; i++) {
        long id = in.readLong();
        registry.members.put(id, new MemberAttributes(id, in.readUTF(), readList(in), readList(in), 0));
      }
      int r = in.readInt();
      for (int i = 0; i < r; i++) {
        registry.removed.add(in.readLong());
      }
      if (in.available() != 0) {
        throw new IllegalArgumentException("trailing bytes after the member registry");
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("corrupt member registry", e);
    }
    return registry;
  }

  private static void writeList(DataOutputStream out, List<String> list) throws IOException {
    out.writeInt(list.size());
    for (String s : list) {
      out.writeUTF(s);
    }
  }

  private static List<String> readList(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > 10_000) {
      throw new IOException("bad list length " + n);
    }
    List<String> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      list.add(in.readUTF());
    }
    return list;
  }
}
