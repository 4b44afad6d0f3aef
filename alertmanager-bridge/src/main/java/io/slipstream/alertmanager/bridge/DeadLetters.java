package io.slipstream.alertmanager.bridge;

import static io.slipstream.contracts.DeadLetterHeaders.DETAIL;
import static io.slipstream.contracts.DeadLetterHeaders.EXCEPTION_CLASS;
import static io.slipstream.contracts.DeadLetterHeaders.EXCEPTION_MESSAGE;
import static io.slipstream.contracts.DeadLetterHeaders.REASON;
import static io.slipstream.contracts.DeadLetterHeaders.SOURCE_OFFSET;
import static io.slipstream.contracts.DeadLetterHeaders.SOURCE_PARTITION;
import static io.slipstream.contracts.DeadLetterHeaders.SOURCE_TIMESTAMP;
import static io.slipstream.contracts.DeadLetterHeaders.SOURCE_TOPIC;

import io.slipstream.contracts.DeadLetterHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds dead-letter records: the raw key and value exactly as they arrived, the original headers
 * and timestamp, and the {@link DeadLetterHeaders} every Slipstream component writes, naming the
 * reason and where the record came from, so one tool inspects and replays every dead-letter topic.
 */
public final class DeadLetters {
  private DeadLetters() {}

  /** Returns the dead letter of {@code record} for {@code topic}; {@code cause} may be null. */
  public static ProducerRecord<byte[], byte[]> of(
      String topic,
      ConsumerRecord<byte[], byte[]> record,
      DeadLetterReason reason,
      String detail,
      Throwable cause) {
    Headers headers = new RecordHeaders(record.headers().toArray());
    DeadLetterHeaders.set(headers, REASON, reason.name());
    DeadLetterHeaders.set(headers, DETAIL, detail);
    if (cause != null) {
      DeadLetterHeaders.set(headers, EXCEPTION_CLASS, cause.getClass().getName());
      DeadLetterHeaders.set(headers, EXCEPTION_MESSAGE, String.valueOf(cause.getMessage()));
    }
    DeadLetterHeaders.set(headers, SOURCE_TOPIC, record.topic());
    DeadLetterHeaders.set(headers, SOURCE_PARTITION, Integer.toString(record.partition()));
    DeadLetterHeaders.set(headers, SOURCE_OFFSET, Long.toString(record.offset()));
    // A record without a timestamp (-1) would be refused by the producer, and has none to keep.
    Long timestamp = record.timestamp() >= 0 ? record.timestamp() : null;
    if (timestamp != null) {
      DeadLetterHeaders.set(headers, SOURCE_TIMESTAMP, Long.toString(timestamp));
    }
    return new ProducerRecord<>(topic, null, timestamp, record.key(), record.value(), headers);
  }
}
