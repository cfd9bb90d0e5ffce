package io.coreactor.consensus.server;

import io.coreactor.consensus.client.KvClient;
import io.coreactor.consensus.node.RaftNode;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * A running etcd member in this JVM, as {@link KvServer#start} returns it: its store as a
 * {@link KvClient}, the cluster as a {@link ClusterView}, and a way to stop it.
 */
public final class KvNode {

  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private final ActorSystem<?> system;
  private final ActorRef<KvServer.Command> server;
  private final Proposer proposer;
  private final KvClient kv;
  private final ClusterView cluster;

  KvNode(ActorSystem<?> system, ActorRef<KvServer.Command> server, Proposer proposer) {
    this.system = system;
    this.server = server;
    this.proposer = proposer;
    this.kv = new LocalKvClient(proposer);
    this.cluster = new LocalClusterView(proposer);
  }

  /** The store: KV, leases and watches, served by this member. */
  public KvClient kv() {
    return kv;
  }

  /** The members and this member's status. */
  public ClusterView cluster() {
    return cluster;
  }

  public long memberId() {
    return proposer.member.id();
  }

  public String name() {
    return proposer.member.name();
  }

  /**
   * Stops this member (its ActorSystem keeps running): watches end with a canceled response,
   * pending requests fail, new ones fail at once with STOPPED, and the Raft node closes its
   * storage before the stage completes.
   */
  public CompletionStage<Done> stop() {
    proposer.stop();
    return AskPattern.ask(server, KvServer.Stop::new, STOP_TIMEOUT, system.scheduler());
  }

  /** This member's Raft node, for tests and tools that speak the shell's protocol. */
  CompletionStage<ActorRef<RaftNode.Command>> raft() {
    return proposer.parts().thenApply(KvServer.Parts::raft);
  }
}
