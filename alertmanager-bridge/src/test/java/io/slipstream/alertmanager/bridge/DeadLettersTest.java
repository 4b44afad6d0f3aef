package io.slipstream.alertmanager.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.contracts.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

  @Test
  void shouldKeepRawBytesAndOriginalHeadersAndNameReasonAndSource() {
    RecordHeaders original = new RecordHeaders();
    original.add("traceparent", "00-abc".getBytes(StandardCharsets.UTF_8));
    ConsumerRecord<byte[], byte[]> record =
        new ConsumerRecord<>(
            "slo-alerts",
            1,
            42L,
            1_700_000_000_000L,
            TimestampType.CREATE_TIME,
            3,
            3,
            "key".getBytes(StandardCharsets.UTF_8),
            new byte[] {0, 0, 0, 0, 7, 1, 2, 3},
            original,
            Optional.empty());

    ProducerRecord<byte[], byte[]> letter =
        DeadLetters.of(
            "slo-alerts-dlq",
            record,
            DeadLetterReason.ALERTMANAGER_REJECTED,
            "POST http://am/api/v2/alerts answered 400: bad",
            null);

    assertThat(letter.topic()).isEqualTo("slo-alerts-dlq");
    assertThat(letter.key()).isEqualTo(record.key());
    assertThat(letter.value()).isEqualTo(record.value());
    assertThat(letter.timestamp()).isEqualTo(1_700_000_000_000L);
    assertThat(header(letter, "traceparent")).isEqualTo("00-abc");
    assertThat(header(letter, DeadLetterHeaders.REASON)).isEqualTo("ALERTMANAGER_REJECTED");
    assertThat(header(letter, DeadLetterHeaders.DETAIL)).contains("answered 400: bad");
    assertThat(header(letter, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("slo-alerts");
    assertThat(header(letter, DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("1");
    assertThat(header(letter, DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("42");
    assertThat(header(letter, DeadLetterHeaders.SOURCE_TIMESTAMP)).isEqualTo("1700000000000");
    assertThat(letter.headers().lastHeader(DeadLetterHeaders.EXCEPTION_CLASS)).isNull();
  }

  @Test
  void shouldNameTheExceptionThatRefusedTheRecordAndLeaveOutAMissingTimestamp() {
    ConsumerRecord<byte[], byte[]> record =
        new ConsumerRecord<>(
            "slo-alerts",
            0,
            7L,
            ConsumerRecord.NO_TIMESTAMP,
            TimestampType.NO_TIMESTAMP_TYPE,
            0,
            1,
            null,
            new byte[] {1},
            new RecordHeaders(),
            Optional.empty());

    ProducerRecord<byte[], byte[]> letter =
        DeadLetters.of(
            "slo-alerts-dlq",
            record,
            DeadLetterReason.UNDECODABLE,
            "not Avro",
            new IllegalStateException("wrong magic byte"));

    assertThat(letter.timestamp()).isNull();
    assertThat(letter.headers().lastHeader(DeadLetterHeaders.SOURCE_TIMESTAMP)).isNull();
    assertThat(header(letter, DeadLetterHeaders.EXCEPTION_CLASS))
        .isEqualTo(IllegalStateException.class.getName());
    assertThat(header(letter, DeadLetterHeaders.EXCEPTION_MESSAGE)).isEqualTo("wrong magic byte");
  }

  private static String header(ProducerRecord<byte[], byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
