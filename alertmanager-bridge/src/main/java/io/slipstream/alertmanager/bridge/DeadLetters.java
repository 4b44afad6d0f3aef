package io.slipstream.alertmanager.bridge;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds dead-letter records: the raw key and value exactly as they arrived, the original headers
 * and timestamp, and headers naming the reason and where the record came from, so it can be
 * inspected and replayed. Header names are the processor's ({@code slipstream.dlq.*}), so one tool
 * reads every dead-letter topic.
 */
public final class DeadLetters {
  public static final String REASON = "slipstream.dlq.reason";
  public static final String DETAIL = "slipstream.dlq.detail";
  public static final String EXCEPTION_CLASS = "slipstream.dlq.exception.class";
  public static final String EXCEPTION_MESSAGE = "slipstream.dlq.exception.message";
  public static final String SOURCE_TOPIC = "slipstream.dlq.source.topic";
  public static final String SOURCE_PARTITION = "slipstream.dlq.source.partition";
  public static final String SOURCE_OFFSET = "slipstream.dlq.source.offset";

  private DeadLetters() {}

  /** Returns the dead letter of {@code record} for {@code topic}; {@code cause} may be null. */
  public static ProducerRecord<byte[], byte[]> of(
      String topic,
      ConsumerRecord<byte[], byte[]> record,
      DeadLetterReason reason,
      String detail,
      Throwable cause) {
    Headers headers = new RecordHeaders(record.headers().toArray());
    put(headers, REASON, reason.name());
    put(headers, DETAIL, detail);
    if (cause != null) {
      put(headers, EXCEPTION_CLASS, cause.getClass().getName());
      put(headers, EXCEPTION_MESSAGE, String.valueOf(cause.getMessage()));
    }
    put(headers, SOURCE_TOPIC, record.topic());
    put(headers, SOURCE_PARTITION, Integer.toString(record.partition()));
    put(headers, SOURCE_OFFSET, Long.toString(record.offset()));
    return new ProducerRecord<>(
        topic,
        null,
        // A record without a timestamp (-1) would be refused by the producer.
        record.timestamp() >= 0 ? record.timestamp() : null,
        record.key(),
        record.value(),
        headers);
  }

  private static void put(Headers headers, String name, String value) {
    headers.remove(name);
    headers.add(name, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
  }
}
