package io.coreactor.consensus;

/**
 * Marker for messages that cross JVMs: {@code reference.conf} binds it to Pekko's
 * {@code jackson-cbor} serializer.
 */
public interface CborSerializable {}
