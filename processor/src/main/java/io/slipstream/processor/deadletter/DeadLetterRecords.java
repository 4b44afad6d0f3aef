package io.slipstream.processor.deadletter;

import static io.slipstream.contracts.DeadLetterHeaders.DETAIL;
import static io.slipstream.contracts.DeadLetterHeaders.EXCEPTION_CLASS;
import static io.slipstream.contracts.DeadLetterHeaders.EXCEPTION_MESSAGE;
import static io.slipstream.contracts.DeadLetterHeaders.REASON;
import static io.slipstream.contracts.DeadLetterHeaders.SOURCE_OFFSET;
import static io.slipstream.contracts.DeadLetterHeaders.SOURCE_PARTITION;
import static io.slipstream.contracts.DeadLetterHeaders.SOURCE_TIMESTAMP;
import static io.slipstream.contracts.DeadLetterHeaders.SOURCE_TOPIC;

import io.slipstream.contracts.DeadLetterHeaders;
import io.slipstream.processor.validation.Rejection;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Builds dead-letter records: the raw key and value exactly as they arrived, the original headers,
 * and the {@link DeadLetterHeaders} naming the reason and where the record came from, so it can be
 * inspected and replayed.
 */
public final class DeadLetterRecords {
  private DeadLetterRecords() {}

  /**
   * A dead-letter record for the input record with {@code rawKey}, {@code rawValue} and {@code
   * originalHeaders} at {@code metadata}, refused for {@code rejection}.
   */
  public static Record<byte[], byte[]> of(
      byte[] rawKey,
      byte[] rawValue,
      Headers originalHeaders,
      long timestamp,
      RecordMetadata metadata,
      Rejection rejection) {
    Headers headers = new RecordHeaders(originalHeaders.toArray());
    DeadLetterHeaders.set(headers, REASON, rejection.reason().name());
    DeadLetterHeaders.set(headers, DETAIL, rejection.detail());
    if (rejection.cause() != null) {
      DeadLetterHeaders.set(headers, EXCEPTION_CLASS, rejection.cause().getClass().getName());
      DeadLetterHeaders.set(
          headers, EXCEPTION_MESSAGE, String.valueOf(rejection.cause().getMessage()));
    }
    if (metadata != null) {
      DeadLetterHeaders.set(headers, SOURCE_TOPIC, metadata.topic());
      DeadLetterHeaders.set(headers, SOURCE_PARTITION, Integer.toString(metadata.partition()));
      DeadLetterHeaders.set(headers, SOURCE_OFFSET, Long.toString(metadata.offset()));
    }
    DeadLetterHeaders.set(headers, SOURCE_TIMESTAMP, Long.toString(timestamp));
    return new Record<>(rawKey, rawValue, timestamp, headers);
  }
}
