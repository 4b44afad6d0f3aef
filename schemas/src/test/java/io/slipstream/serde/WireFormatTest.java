package io.slipstream.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WireFormatTest {
  @Test
  void shouldReadTheBigEndianSchemaIdAfterTheMagicByte() {
    byte[] payload = {0, 0x01, 0x02, 0x03, 0x04, 42};

    assertThat(WireFormat.readSchemaId(payload)).isEqualTo(0x01020304);
  }

  @Test
  void shouldWriteTheHeaderItReads() {
    byte[] payload = new byte[5];
    WireFormat.writeHeader(payload, 123_456_789);

    assertThat(payload[0]).isZero();
    assertThat(WireFormat.readSchemaId(payload)).isEqualTo(123_456_789);
  }

  @Test
  void shouldRejectAnEmptyPayload() {
    assertThatThrownBy(() -> WireFormat.readSchemaId(new byte[0]))
        .isInstanceOfSatisfying(
            WireFormatException.class,
            e -> assertThat(e.reason()).isEqualTo(WireFormatException.Reason.EMPTY_PAYLOAD));
  }

  @Test
  void shouldRejectAWrongMagicByte() {
    assertThatThrownBy(() -> WireFormat.readSchemaId(new byte[] {'{', '"', 'a', '"', ':'}))
        .isInstanceOfSatisfying(
            WireFormatException.class,
            e -> assertThat(e.reason()).isEqualTo(WireFormatException.Reason.WRONG_MAGIC_BYTE))
        .hasMessageContaining("0x7b");
  }

  @Test
  void shouldRejectAPayloadShorterThanTheHeader() {
    assertThatThrownBy(() -> WireFormat.readSchemaId(new byte[] {0, 0, 1}))
        .isInstanceOfSatisfying(
            WireFormatException.class,
            e -> assertThat(e.reason()).isEqualTo(WireFormatException.Reason.TOO_SHORT))
        .hasMessageContaining("3 bytes");
  }
}
