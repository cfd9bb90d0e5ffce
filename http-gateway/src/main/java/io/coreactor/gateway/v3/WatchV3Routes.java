package io.coreactor.gateway.v3;

import io.coreactor.consensus.client.KvClient;
import io.coreactor.consensus.client.Watch;
import io.coreactor.consensus.client.WatchResponse;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * etcd's Watch service at {@code /v3/watch}: the body is {@code {"create_request": {...}}} and
 * the answer a stream of {@code {"result": WatchResponse}} lines that lasts until the client
 * disconnects (which cancels the watch) or the watch is canceled (compacted start, node stop).
 */
public final class WatchV3Routes extends AllDirectives {

  private final KvClient kv;
  private final V3Replies replies;

  public WatchV3Routes(KvClient kv, V3Replies replies) {
    this.kv = kv;
    this.replies = replies;
  }

  public Route route() {
    return path("watch", () -> replies.postOnly(body -> body
        .thenApply(bytes -> WatchJson.createRequest(replies.parse(bytes)))
        .thenApply(create -> HttpResponse.create().withEntity(
            HttpEntities.createChunked(ContentTypes.APPLICATION_JSON, replies.stoppable(stream(create)))))));
  }

  /**
   * The watch starts when the response stream is materialized, so a response that is never
   * sent never leaves a watch behind; the stream's end, however it comes, cancels it.
   */
  private Source<ByteString, NotUsed> stream(WatchJson.Create create) {
    return Source.<ByteString>queue(replies.settings().watchBuffer())
        .mapMaterializedValue(queue -> kv.watch(create.request(), response -> offer(queue, response, create)))
        .watchTermination((Watch watch, CompletionStage<Done> done) -> {
          done.whenComplete((ok, failure) -> watch.cancel());
          return NotUsed.getInstance();
        });
  }

  private void offer(BoundedSourceQueue<ByteString> queue, WatchResponse response, WatchJson.Create create) {
    QueueOfferResult result = queue.offer(replies.resultLine(WatchJson.response(response, create.watchId())));
    if (response.canceled()) {
      queue.complete();
    } else if (result == QueueOfferResult.dropped()) {
      // The client fell watch-buffer responses behind: end the stream rather than skip events.
      queue.fail(new V3Error(GrpcCode.RESOURCE_EXHAUSTED, "watch client too slow"));
    }
  }
}
