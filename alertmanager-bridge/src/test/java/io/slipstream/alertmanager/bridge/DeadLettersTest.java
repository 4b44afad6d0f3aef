package io.slipstream.alertmanager.bridge;

import static org.assertj.core.api.Assertions.assertThat;

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
    assertThat(header(letter, DeadLetters.REASON)).isEqualTo("ALERTMANAGER_REJECTED");
    assertThat(header(letter, DeadLetters.DETAIL)).contains("answered 400: bad");
    assertThat(header(letter, DeadLetters.SOURCE_TOPIC)).isEqualTo("slo-alerts");
    assertThat(header(letter, DeadLetters.SOURCE_PARTITION)).isEqualTo("1");
    assertThat(header(letter, DeadLetters.SOURCE_OFFSET)).isEqualTo("42");
    assertThat(letter.headers().lastHeader(DeadLetters.EXCEPTION_CLASS)).isNull();
  }

  private static String header(ProducerRecord<byte[], byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
