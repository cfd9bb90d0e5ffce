package io.coreactor.multijvm.workload;

import io.coreactor.multijvm.ClusterNode;
import io.coreactor.multijvm.EtcdClient;
import io.coreactor.multijvm.history.History;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A concurrent client workload against a cluster: {@link WorkloadSettings#clients()} threads
 * issue linearizable reads, writes of unique values, deletes and compare-and-sets over a few
 * keys, each recorded in a {@link History} (a normal answer is ok, {@link EtcdClient.Refused}
 * is fail, anything else unknown). Clients spread over the running nodes and move to another
 * node after an error. Bounded by a duration and an op count; the choices come from the seed.
 */
public final class Workload {

  private final WorkloadSettings settings;
  private final Supplier<List<ClusterNode>> targets;
  private final History history = new History();
  private final List<AckedWrite> acked = new CopyOnWriteArrayList<>();
  private final List<Long> okWriteTimes = new CopyOnWriteArrayList<>();
  private final Set<String> keysWithDeletes = ConcurrentHashMap.newKeySet();
  private final Map<String, EtcdClient> clients = new ConcurrentHashMap<>();
  private final AtomicInteger issued = new AtomicInteger();
  private final java.util.concurrent.atomic.AtomicLong lastClientEnd = new java.util.concurrent.atomic.AtomicLong();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean stopping;
  private long startedAt;
  private long endedAt;

  /** @param targets the nodes clients may talk to, asked before every choice (members change) */
  public Workload(WorkloadSettings settings, Supplier<List<ClusterNode>> targets) {
    this.settings = settings;
    this.targets = targets;
  }

  /** Starts the client threads; the workload ends by itself at its duration or op budget. */
  public synchronized Workload start() {
    startedAt = System.nanoTime();
    long deadline = startedAt + settings.duration().toNanos();
    for (int c = 0; c < settings.clients(); c++) {
      int client = c;
      Thread t = new Thread(() -> {
        try {
          runClient(client, deadline);
        } finally {
          lastClientEnd.accumulateAndGet(System.nanoTime(), Math::max);
        }
      }, "workload-client-" + c);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    return this;
  }

  /** Whether every client has finished (duration or op budget reached, or stopped). */
  public boolean isDone() {
    return threads.stream().noneMatch(Thread::isAlive);
  }

  /** Lets the workload run to its own end, then returns what it did. */
  public WorkloadResult awaitEnd() {
    return join();
  }

  /** Tells clients to finish their current operation and stop; returns what they did. */
  public WorkloadResult stop() {
    stopping = true;
    return join();
  }

  private synchronized WorkloadResult join() {
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while joining " + t.getName(), e);
      }
    }
    if (endedAt == 0) {
      endedAt = lastClientEnd.get() == 0 ? System.nanoTime() : lastClientEnd.get();
    }
    return new WorkloadResult(settings, history, List.copyOf(acked), List.copyOf(okWriteTimes),
        Set.copyOf(keysWithDeletes), startedAt, endedAt);
  }

  /** The recorder the clients write to; final reads are appended to it after healing. */
  public History history() {
    return history;
  }

  public int issuedOps() {
    return Math.min(issued.get(), settings.maxOps());
  }

  private void runClient(int client, long deadline) {
    Random rnd = new Random(settings.seed() * 1_000_003L + client);
    Map<String, String> lastSeen = new HashMap<>();
    ClusterNode node = null;
    int n = 0;
    while (!stopping && System.nanoTime() < deadline && issued.getAndIncrement() < settings.maxOps()) {
      if (node == null) {
        node = choose(client, rnd);
      }
      String key = WorkloadSettings.key(rnd.nextInt(settings.keys()));
      int roll = rnd.nextInt(100);
      String value = "c" + client + "-" + (++n);
      boolean ok;
      if (roll < settings.readPercent()) {
        ok = read(client, node, key, lastSeen);
      } else if (roll < settings.readPercent() + settings.casPercent()) {
        ok = cas(client, node, key, lastSeen.get(key), value, lastSeen);
      } else if (roll < settings.readPercent() + settings.casPercent() + settings.deletePercent()) {
        ok = delete(client, node, key, lastSeen);
      } else {
        ok = put(client, node, key, value, lastSeen);
      }
      if (!ok) {
        node = null; // try elsewhere, after a short back-off so a dead node does not spin the client
        Pause.briefly(10 + rnd.nextInt(40));
      }
    }
  }

  private ClusterNode choose(int client, Random rnd) {
    List<ClusterNode> all = targets.get();
    if (settings.pinnedNode() != null && client < settings.pinnedClients()) {
      Optional<ClusterNode> pinned = all.stream().filter(x -> x.name().equals(settings.pinnedNode())).findFirst();
      if (pinned.isPresent()) {
        return pinned.get();
      }
    }
    List<ClusterNode> up = all.stream().filter(x -> x.isRunning() && !x.isPaused()).toList();
    List<ClusterNode> from = up.isEmpty() ? all : up;
    return from.get(rnd.nextInt(from.size()));
  }

  private EtcdClient client(ClusterNode node) {
    return clients.computeIfAbsent(node.name() + "@" + node.clientUrl(),
        k -> node.client().withTimeout(settings.requestTimeout()));
  }

  private boolean read(int client, ClusterNode node, String key, Map<String, String> lastSeen) {
    History.Invocation inv = history.invokeRead(client, key);
    try {
      String v = client(node).get(key).map(EtcdClient.KeyValue::value).orElse(null);
      history.ok(inv, v, false);
      lastSeen.put(key, v);
      return true;
    } catch (RuntimeException e) {
      return failed(inv, e);
    }
  }

  private boolean put(int client, ClusterNode node, String key, String value, Map<String, String> lastSeen) {
    History.Invocation inv = history.invokeWrite(client, key, value);
    try {
      EtcdClient.Header h = client(node).put(key, value);
      history.ok(inv, null, false);
      written(new AckedWrite(key, value, h.revision()));
      lastSeen.put(key, value);
      return true;
    } catch (RuntimeException e) {
      return failed(inv, e);
    }
  }

  private boolean delete(int client, ClusterNode node, String key, Map<String, String> lastSeen) {
    keysWithDeletes.add(key);
    History.Invocation inv = history.invokeWrite(client, key, null);
    try {
      EtcdClient.Header h = client(node).delete(key);
      history.ok(inv, null, false);
      written(new AckedWrite(key, null, h.revision()));
      lastSeen.put(key, null);
      return true;
    } catch (RuntimeException e) {
      return failed(inv, e);
    }
  }

  private boolean cas(int client, ClusterNode node, String key, String expected, String value,
                      Map<String, String> lastSeen) {
    History.Invocation inv = history.invokeCas(client, key, expected, value);
    try {
      boolean swapped = client(node).compareAndSet(key, expected, value);
      history.ok(inv, null, swapped);
      if (swapped) {
        okWriteTimes.add(System.nanoTime());
        lastSeen.put(key, value);
      } else {
        lastSeen.remove(key); // unknown now: the next CAS expects absent, the next read tells
      }
      return true;
    } catch (RuntimeException e) {
      return failed(inv, e);
    }
  }

  private void written(AckedWrite w) {
    okWriteTimes.add(System.nanoTime());
    acked.add(w);
  }

  private boolean failed(History.Invocation inv, RuntimeException e) {
    if (e instanceof EtcdClient.Refused) {
      history.fail(inv);
    } else {
      history.unknown(inv); // Indeterminate, or anything unexpected: it may have happened
    }
    return false;
  }

  /** How long the workload was configured to last. */
  public Duration duration() {
    return settings.duration();
  }
}
