package io.coreactor.consensus.node;

import io.coreactor.consensus.raft.Entry;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A test state machine: an append-only list of strings. {@code apply} returns the new size;
 * replicas agree when their lists (and so their {@link #hash()}es) are equal.
 */
final class ListStateMachine implements StateMachine {

  private final List<String> items = new ArrayList<>();
  private int restores;

  @Override
  public synchronized Object apply(Entry entry) {
    items.add(new String(entry.data(), StandardCharsets.UTF_8));
    return (long) items.size();
  }

  @Override
  public synchronized byte[] snapshot() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(items.size());
      for (String item : items) {
        out.writeUTF(item);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  @Override
  public synchronized void restore(byte[] data) {
    restores++;
    items.clear();
    if (data.length == 0) {
      return;
    }
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(data))) {
      int n = in.readInt();
      for (int i = 0; i < n; i++) {
        items.add(in.readUTF());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  synchronized List<String> items() {
    return List.copyOf(items);
  }

  synchronized int hash() {
    return items.hashCode();
  }

  synchronized int restores() {
    return restores;
  }
}
