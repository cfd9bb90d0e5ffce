package io.coreactor.consensus.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Snapshot data held in chunks reads like the one array it stands for, at any offset and length. */
class SnapshotDataTest {

  @Test
  void chunkedDataReadsAsItsConcatenationAtEveryOffsetAndLength() {
    long seed = System.nanoTime();
    System.out.println("SnapshotDataTest seed " + seed);
    Random random = new Random(seed);
    List<byte[]> chunks = new ArrayList<>();
    ByteArrayOutputStream whole = new ByteArrayOutputStream();
    for (int i = 0; i < 6; i++) {
      byte[] chunk = new byte[i == 2 ? 0 : 1 + random.nextInt(40)];   // an empty chunk too
      random.nextBytes(chunk);
      chunks.add(chunk);
      whole.writeBytes(chunk);
    }
    byte[] expected = whole.toByteArray();
    Snapshot.Data data = Snapshot.Data.ofChunks(chunks);

    assertThat(data.length()).isEqualTo(expected.length);
    for (int off = 0; off <= expected.length; off++) {
      for (int n = 0; off + n <= expected.length; n++) {
        assertThat(data.read(off, n)).as("%d+%d", off, n).isEqualTo(Arrays.copyOfRange(expected, off, off + n));
      }
    }
    ByteArrayOutputStream pieces = new ByteArrayOutputStream();
    data.forEachPiece(b -> {
      byte[] piece = new byte[b.remaining()];
      b.get(piece);
      pieces.writeBytes(piece);
    });
    assertThat(pieces.toByteArray()).isEqualTo(expected);
    assertThatThrownBy(() -> data.read(expected.length, 1)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(new Snapshot(SnapshotMeta.EMPTY, data)).isEqualTo(new Snapshot(SnapshotMeta.EMPTY, expected));
  }
}
