package io.coreactor.consensus.kv;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The key type: unsigned order and etcd's prefix rule. */
class BytesTest {

  private static Bytes raw(int... bytes) {
    byte[] a = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      a[i] = (byte) bytes[i];
    }
    return Bytes.copyOf(a);
  }

  @Test
  void ordersAsUnsignedBytesShorterFirst() {
    assertThat(raw(0x7f)).isLessThan(raw(0x80));
    assertThat(raw(0x01)).isLessThan(raw(0xff));
    assertThat(Bytes.of("a")).isLessThan(Bytes.of("ab"));
    assertThat(Bytes.EMPTY).isLessThan(Bytes.ZERO);
  }

  @Test
  void prefixEndIncrementsTheLastByteBelowFf() {
    assertThat(Bytes.of("abc").prefixEnd()).isEqualTo(Bytes.of("abd"));
    assertThat(raw('a', 0xff).prefixEnd()).isEqualTo(Bytes.of("b"));
    assertThat(raw(0xff, 0xff).prefixEnd()).isEqualTo(Bytes.ZERO);
    assertThat(Bytes.EMPTY.prefixEnd()).isEqualTo(Bytes.ZERO);
  }

  @Test
  void isAnImmutableCopy() {
    byte[] a = {1, 2};
    Bytes b = Bytes.copyOf(a);
    a[0] = 9;
    b.toByteArray()[1] = 9;
    assertThat(b).isEqualTo(raw(1, 2));
    assertThat(b.hashCode()).isEqualTo(raw(1, 2).hashCode());
    assertThat(Bytes.of("k/1").toString()).isEqualTo("k/1");
    assertThat(raw(0, 0xff).toString()).isEqualTo("0x00ff");
  }
}
