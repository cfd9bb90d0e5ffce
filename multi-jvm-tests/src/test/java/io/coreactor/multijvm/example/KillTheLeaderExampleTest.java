package io.coreactor.multijvm.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.coreactor.multijvm.ClusterNode;
import io.coreactor.multijvm.EtcdClient;
import io.coreactor.multijvm.LocalCluster;
import io.coreactor.multijvm.MultiJvmCluster;
import io.coreactor.multijvm.history.CheckResult;
import io.coreactor.multijvm.history.History;
import io.coreactor.multijvm.history.LinearizabilityChecker;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The module README's example, as an application would write it: clients on every node read,
 * write and compare-and-set one register while the leader is killed; the history they record
 * must be linearizable.
 */
@MultiJvmCluster(nodes = 3)
class KillTheLeaderExampleTest {

  @Test
  void aRegisterStaysLinearizableWhenTheLeaderIsKilled(LocalCluster cluster) throws Exception {
    History history = new History();
    long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
    CountDownLatch warmedUp = new CountDownLatch(30);
    ExecutorService clients = Executors.newFixedThreadPool(cluster.nodes().size());
    List<Future<?>> running = new ArrayList<>();
    for (ClusterNode node : cluster.nodes()) {
      int process = running.size();
      EtcdClient client = node.client().withTimeout(Duration.ofSeconds(1));
      running.add(clients.submit(() -> {
        while (System.nanoTime() < until) {
          int value = ThreadLocalRandom.current().nextInt(5);
          History.Invocation op = switch (value % 3) {
            case 0 -> history.invokeRead(process, "x");
            case 1 -> history.invokeWrite(process, "x", "v" + value);
            default -> history.invokeCas(process, "x", "v" + (value - 1), "v" + value);
          };
          try {
            switch (op.kind()) {
              case READ -> history.ok(op, client.get("x").map(EtcdClient.KeyValue::value).orElse(null), false);
              case WRITE -> {
                client.put("x", op.value());
                history.ok(op, null, false);
              }
              case CAS -> history.ok(op, null, client.compareAndSet("x", op.expected(), op.value()));
            }
          } catch (EtcdClient.Refused e) {
            history.fail(op);        // definitely not applied
          } catch (EtcdClient.Indeterminate e) {
            history.unknown(op);     // may or may not have been applied
          }
          warmedUp.countDown();
        }
      }));
    }
    assertThat(warmedUp.await(10, TimeUnit.SECONDS)).isTrue();
    cluster.kill(cluster.awaitLeader(Duration.ofSeconds(5)));
    cluster.awaitLeader(Duration.ofSeconds(10));
    for (Future<?> client : running) {
      client.get(30, TimeUnit.SECONDS);
    }
    clients.shutdown();

    CheckResult result = new LinearizabilityChecker().check(history.operations());
    Files.writeString(cluster.workDir().resolve("history.txt"), history.operations() + "\n" + result);
    assertThat(result.isLinearizable()).as(result.explanation()).isTrue();
    assertThat(result.operationsChecked()).isGreaterThan(10);
  }
}
