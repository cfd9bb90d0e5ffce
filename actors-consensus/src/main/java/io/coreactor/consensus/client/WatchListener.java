package io.coreactor.consensus.client;

/**
 * Receives a watch's responses, one at a time and in order. The last call for a watch is a
 * response with {@code canceled} set (after {@link Watch#cancel()}, a compacted start, or the
 * node stopping).
 */
@FunctionalInterface
public interface WatchListener {

  void onResponse(WatchResponse response);
}
