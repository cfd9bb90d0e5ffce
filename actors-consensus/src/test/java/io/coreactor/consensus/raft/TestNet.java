package io.coreactor.consensus.raft;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/**
 * A deterministic in-process network of Raft cores for focused tests: messages are
 * delivered FIFO until quiet; links can be cut; each node "persists" into a tiny
 * in-memory disk so it can be restarted; applied payloads are recorded per node.
 */
final class TestNet {

  /** What one node has made durable. */
  static final class Disk {
    HardState hardState = HardState.EMPTY;
    Snapshot snapshot;
    final List<Entry> entries = new ArrayList<>();

    void persist(Ready r) {
      if (r.snapshot() != null) {
        snapshot = r.snapshot();
        entries.removeIf(e -> e.index() <= r.snapshot().index());
        entries.clear();
      }
      if (!r.entries().isEmpty()) {
        long first = r.entries().get(0).index();
        entries.removeIf(e -> e.index() >= first);
        entries.addAll(r.entries());
      }
      if (r.hardState() != null) {
        hardState = r.hardState();
      }
    }

    PersistentState load() {
      return new PersistentState(hardState, snapshot, entries);
    }
  }

  final Map<Long, RaftCore> nodes = new TreeMap<>();
  final Map<Long, Disk> disks = new TreeMap<>();
  final Map<Long, List<byte[]>> applied = new TreeMap<>();
  final Map<Long, List<ReadState>> reads = new TreeMap<>();
  final List<RaftMessage> sentLog = new ArrayList<>();
  private final Set<String> cut = new HashSet<>();
  private final ArrayDeque<RaftMessage> queue = new ArrayDeque<>();
  private final UnaryOperator<RaftConfig> tweak;
  private final SplittableRandom random = new SplittableRandom(7);
  Predicate<RaftMessage> dropIf = m -> false;

  TestNet(int n, UnaryOperator<RaftConfig> tweak) {
    this.tweak = tweak;
    List<Long> ids = LongStream.rangeClosed(1, n).boxed().collect(Collectors.toList());
    for (long id : ids) {
      Disk d = new Disk();
      d.snapshot = new Snapshot(new SnapshotMeta(0, 0, ConfState.ofVoters(ids)), new byte[0]);
      disks.put(id, d);
      start(id);
    }
  }

  TestNet(int n) {
    this(n, c -> c);
  }

  static RaftConfig config(long id) {
    return RaftConfig.defaults(id);
  }

  /** Adds a brand-new node with an empty configuration (to be added by a membership change). */
  void addBlankNode(long id) {
    Disk d = new Disk();
    d.snapshot = new Snapshot(SnapshotMeta.EMPTY, new byte[0]);
    disks.put(id, d);
    start(id);
  }

  void start(long id) {
    nodes.put(id, new RaftCore(tweak.apply(config(id)), disks.get(id).load(), random.split()));
    applied.put(id, new ArrayList<>());
    reads.put(id, new ArrayList<>());
    Snapshot s = disks.get(id).snapshot;
    if (s != null && s.data().length > 0) {
      applied.get(id).addAll(decode(s.data()));
    }
  }

  /** Stops a node (what it had not persisted is lost) and starts it again from its disk. */
  void restart(long id) {
    nodes.remove(id);
    start(id);
  }

  RaftCore node(long id) {
    return nodes.get(id);
  }

  void isolate(long id) {
    for (long other : disks.keySet()) {
      if (other != id) {
        cut.add(id + ">" + other);
        cut.add(other + ">" + id);
      }
    }
  }

  void cutOneWay(long from, long to) {
    cut.add(from + ">" + to);
  }

  void heal() {
    cut.clear();
  }

  void tick(long id, int times) {
    for (int i = 0; i < times; i++) {
      nodes.get(id).tick();
      settle();
    }
  }

  void tickAll(int times) {
    for (int i = 0; i < times; i++) {
      nodes.values().forEach(RaftCore::tick);
      settle();
    }
  }

  /** Puts messages taken from a Ready by hand on the wire. */
  void inject(List<RaftMessage> messages) {
    for (RaftMessage m : messages) {
      if (!cut.contains(m.from() + ">" + m.to()) && !dropIf.test(m)) {
        queue.add(m);
      }
    }
  }

  /** Runs every node's Ready loop and delivers messages until nothing moves. */
  void settle() {
    for (int round = 0; round < 100_000; round++) {
      boolean moved = false;
      for (Map.Entry<Long, RaftCore> e : nodes.entrySet()) {
        RaftCore core = e.getValue();
        if (!core.hasReady()) {
          continue;
        }
        moved = true;
        Ready r = core.ready();
        disks.get(e.getKey()).persist(r);
        if (r.snapshot() != null) {
          applied.put(e.getKey(), new ArrayList<>(decode(r.snapshot().data())));
        }
        for (RaftMessage m : r.messages()) {
          sentLog.add(m);
          if (!cut.contains(m.from() + ">" + m.to()) && !dropIf.test(m)) {
            queue.add(m);
          }
        }
        for (Entry c : r.committedEntries()) {
          if (c.type() == Entry.Type.NORMAL && c.data().length > 0) {
            applied.get(e.getKey()).add(c.data());
          }
        }
        reads.get(e.getKey()).addAll(r.readStates());
        core.advance(r);
      }
      RaftMessage m = queue.poll();
      if (m != null) {
        moved = true;
        RaftCore to = nodes.get(m.to());
        if (to != null) {
          to.step(m);
        }
      }
      if (!moved) {
        return;
      }
    }
    throw new AssertionError("network did not settle");
  }

  /** Takes a snapshot of everything {@code id} applied and compacts its log. */
  Snapshot snapshot(long id) {
    RaftCore core = nodes.get(id);
    Snapshot s = core.createSnapshot(core.appliedIndex(), Snapshot.Data.of(encode(applied.get(id))));
    Disk d = disks.get(id);
    d.snapshot = s;
    d.entries.removeIf(e -> e.index() <= s.index());
    return s;
  }

  long leader() {
    List<Long> leaders = nodes.values().stream().filter(n -> n.role() == Role.LEADER)
        .map(RaftCore::id).collect(Collectors.toList());
    long maxTerm = nodes.values().stream().mapToLong(RaftCore::term).max().orElse(0);
    return leaders.stream().filter(l -> nodes.get(l).term() == maxTerm).findFirst().orElse(RaftCore.NONE);
  }

  /** Proposes on {@code id} and settles; returns the result. */
  ProposeResult propose(long id, String payload) {
    ProposeResult r = nodes.get(id).propose(payload.getBytes());
    settle();
    return r;
  }

  List<String> appliedStrings(long id) {
    return applied.get(id).stream().map(String::new).collect(Collectors.toList());
  }

  static byte[] encode(List<byte[]> items) {
    return String.join("\n", items.stream().map(String::new).toList()).getBytes();
  }

  static List<byte[]> decode(byte[] data) {
    if (data.length == 0) {
      return List.of();
    }
    return java.util.Arrays.stream(new String(data).split("\n")).map(String::getBytes).toList();
  }
}
