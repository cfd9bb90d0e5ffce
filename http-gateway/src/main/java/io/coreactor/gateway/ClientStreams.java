package io.coreactor.gateway;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.Done;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * The gateway's open response streams (watches, lease keep-alives): counted while they run, and
 * ended together, each with its proper last chunk, when the node stops.
 */
public final class ClientStreams {

  private final SharedKillSwitch killSwitch = KillSwitches.shared("client-streams");
  private final AtomicInteger open = new AtomicInteger();
  private final CompletableFuture<Done> allEnded = new CompletableFuture<>();
  private volatile boolean ending;

  /** The same stream, ended (completed normally) by {@link #endAll}. */
  public <M> Source<ByteString, M> register(Source<ByteString, M> lines) {
    return lines.via(killSwitch.flow()).watchTermination((mat, done) -> {
      open.incrementAndGet();
      done.whenComplete((ok, failure) -> {
        if (open.decrementAndGet() == 0 && ending) {
          allEnded.complete(Done.getInstance());
        }
      });
      return mat;
    });
  }

  /** Ends every open stream (and any opened later); completes when they have all finished. */
  public CompletionStage<Done> endAll() {
    ending = true;
    killSwitch.shutdown();
    if (open.get() == 0) {
      allEnded.complete(Done.getInstance());
    }
    return allEnded;
  }

  /** How many streams are open now. */
  public int open() {
    return open.get();
  }
}
