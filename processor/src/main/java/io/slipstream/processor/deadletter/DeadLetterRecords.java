package io.slipstream.processor.deadletter;

import io.slipstream.processor.validation.Rejection;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Builds dead-letter records: the raw key and value exactly as they arrived, the original headers,
 * and headers naming the reason and where the record came from, so it can be inspected and
 * replayed.
 */
public final class DeadLetterRecords {
  public static final String REASON = "slipstream.dlq.reason";
  public static final String DETAIL = "slipstream.dlq.detail";
  public static final String EXCEPTION_CLASS = "slipstream.dlq.exception.class";
  public static final String EXCEPTION_MESSAGE = "slipstream.dlq.exception.message";
  public static final String SOURCE_TOPIC = "slipstream.dlq.source.topic";
  public static final String SOURCE_PARTITION = "slipstream.dlq.source.partition";
  public static final String SOURCE_OFFSET = "slipstream.dlq.source.offset";

  /**
   * The refused record's own timestamp, in epoch ms: Slipstream's dead-letter topics are stamped by
   * the broker on append, which replaces the record's.
   */
  public static final String SOURCE_TIMESTAMP = "slipstream.dlq.source.timestamp";

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
    put(headers, REASON, rejection.reason().name());
    put(headers, DETAIL, rejection.detail());
    if (rejection.cause() != null) {
      put(headers, EXCEPTION_CLASS, rejection.cause().getClass().getName());
      put(headers, EXCEPTION_MESSAGE, String.valueOf(rejection.cause().getMessage()));
    }
    if (metadata != null) {
      put(headers, SOURCE_TOPIC, metadata.topic());
      put(headers, SOURCE_PARTITION, Integer.toString(metadata.partition()));
      put(headers, SOURCE_OFFSET, Long.toString(metadata.offset()));
    }
    put(headers, SOURCE_TIMESTAMP, Long.toString(timestamp));
    return new Record<>(rawKey, rawValue, timestamp, headers);
  }

  private static void put(Headers headers, String name, String value) {
    headers.remove(name);
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
