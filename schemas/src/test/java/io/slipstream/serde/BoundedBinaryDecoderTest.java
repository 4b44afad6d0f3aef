package io.slipstream.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipstream.avro.Outcome;
import io.slipstream.avro.RequestEvent;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

class BoundedBinaryDecoderTest {

  @Test
  void shouldReadWhatAvrosEncoderWrote() throws Exception {
    RequestEvent event =
        RequestEvent.newBuilder()
            .setService("checkout")
            .setOperation("GET /carts/{id}")
            .setTimestamp(Instant.ofEpochMilli(1_700_000_000_123L))
            .setLatencyMicros(-1L)
            .setStatusCode(503)
            .setOutcome(Outcome.ERROR)
            .setTraceId("0123456789abcdef0123456789abcdef")
            .setAttributes(Map.of("tier", "gold", "ünïcode", "✓"))
            .build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new SpecificDatumWriter<>(RequestEvent.class).write(event, encoder);
    encoder.flush();
    byte[] bytes = out.toByteArray();

    BoundedBinaryDecoder decoder = new BoundedBinaryDecoder().reset(bytes, 0, bytes.length);
    RequestEvent read = new SpecificDatumReader<>(RequestEvent.class).read(null, decoder);

    assertThat(read).isEqualTo(event);
    assertThat(decoder.isEnd()).isTrue();
  }

  @Test
  void shouldSkipWriterFieldsTheReaderDoesNotHave() throws Exception {
    Schema writer =
        new Schema.Parser()
            .parse(
                "{\"type\":\"record\",\"name\":\"E\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"},"
                    + "{\"name\":\"m\",\"type\":{\"type\":\"map\",\"values\":\"double\"}},"
                    + "{\"name\":\"b\",\"type\":\"string\"}]}");
    Schema reader =
        new Schema.Parser()
            .parse(
                "{\"type\":\"record\",\"name\":\"E\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}");
    GenericRecord record = new GenericData.Record(writer);
    record.put("a", "x");
    record.put("m", Map.of("k", 1.5));
    record.put("b", "yz");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(writer).write(record, encoder);
    encoder.flush();
    byte[] bytes = out.toByteArray();

    BoundedBinaryDecoder decoder = new BoundedBinaryDecoder().reset(bytes, 0, bytes.length);
    GenericRecord read = new GenericDatumReader<GenericRecord>(writer, reader).read(null, decoder);

    assertThat(read.get("a").toString()).isEqualTo("x");
    assertThat(decoder.isEnd()).isTrue();
  }

  @Test
  void shouldRefuseAStringLongerThanThePayloadBeforeAllocatingIt() {
    // Length 2^30 (zig-zag varint 0x80 0x80 0x80 0x80 0x08 is 2^31), then three bytes.
    byte[] bytes = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08, 'a', 'b', 'c'};
    BoundedBinaryDecoder decoder = new BoundedBinaryDecoder().reset(bytes, 0, bytes.length);

    assertThatThrownBy(decoder::readString)
        .isInstanceOf(EOFException.class)
        .hasMessageContaining("1073741824");
  }

  @Test
  void shouldRefuseAMapClaimingMoreEntriesThanBytesRemain() {
    byte[] bytes = {(byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f, 2, 'k'};
    BoundedBinaryDecoder decoder = new BoundedBinaryDecoder().reset(bytes, 0, bytes.length);

    assertThatThrownBy(decoder::readMapStart).isInstanceOf(EOFException.class);
  }
}
