package io.slipstream.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class DeadLetterHeadersTest {

  @Test
  void shouldReplaceAHeaderOfTheSameNameAndKeepTheOthers() {
    Headers headers = new RecordHeaders();
    headers.add("traceparent", "00-abc".getBytes(StandardCharsets.UTF_8));
    headers.add(DeadLetterHeaders.REASON, "OLD".getBytes(StandardCharsets.UTF_8));

    DeadLetterHeaders.set(headers, DeadLetterHeaders.REASON, "LATE");
    DeadLetterHeaders.set(headers, DeadLetterHeaders.DETAIL, null);

    assertThat(headers.headers(DeadLetterHeaders.REASON)).hasSize(1);
    assertThat(
            new String(
                headers.lastHeader(DeadLetterHeaders.REASON).value(), StandardCharsets.UTF_8))
        .isEqualTo("LATE");
    assertThat(headers.lastHeader(DeadLetterHeaders.DETAIL).value()).isNull();
    assertThat(headers.lastHeader("traceparent")).isNotNull();
  }

  @Test
  void shouldKeepTheHeaderNamesThatDeadLetterReadersDependOn() {
    // Wire contract: replay tools and the documentation name these; a rename breaks them.
    assertThat(
            new String[] {
              DeadLetterHeaders.REASON,
              DeadLetterHeaders.DETAIL,
              DeadLetterHeaders.EXCEPTION_CLASS,
              DeadLetterHeaders.EXCEPTION_MESSAGE,
              DeadLetterHeaders.SOURCE_TOPIC,
              DeadLetterHeaders.SOURCE_PARTITION,
              DeadLetterHeaders.SOURCE_OFFSET,
              DeadLetterHeaders.SOURCE_TIMESTAMP
            })
        .containsExactly(
            "slipstream.dlq.reason",
            "slipstream.dlq.detail",
            "slipstream.dlq.exception.class",
            "slipstream.dlq.exception.message",
            "slipstream.dlq.source.topic",
            "slipstream.dlq.source.partition",
            "slipstream.dlq.source.offset",
            "slipstream.dlq.source.timestamp");
  }
}
