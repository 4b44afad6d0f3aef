package io.slipstream.contracts;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;

/**
 * The headers every Slipstream dead-letter record carries, whichever component refused the record,
 * so one tool reads every dead-letter topic. The key and value stay the raw bytes that arrived and
 * the original headers are kept; these are added beside them, as UTF-8 text.
 */
public final class DeadLetterHeaders {
  /** Why the record was refused: a stable upper-case reason, e.g. {@code LATE}. */
  public static final String REASON = "slipstream.dlq.reason";

  /** What was wrong, for a person, naming the field, e.g. {@code latencyMicros is -5}. */
  public static final String DETAIL = "slipstream.dlq.detail";

  /** The class of the exception that refused it, when one did (decoding). */
  public static final String EXCEPTION_CLASS = "slipstream.dlq.exception.class";

  /** That exception's message, when one refused it. */
  public static final String EXCEPTION_MESSAGE = "slipstream.dlq.exception.message";

  /** The topic it was read from. */
  public static final String SOURCE_TOPIC = "slipstream.dlq.source.topic";

  /** The partition it was read from, in decimal. */
  public static final String SOURCE_PARTITION = "slipstream.dlq.source.partition";

  /** Its offset in that partition, in decimal. */
  public static final String SOURCE_OFFSET = "slipstream.dlq.source.offset";

  /**
   * The refused record's own timestamp, in epoch ms: Slipstream's dead-letter topics are stamped by
   * the broker on append, which replaces the record's.
   */
  public static final String SOURCE_TIMESTAMP = "slipstream.dlq.source.timestamp";

  private DeadLetterHeaders() {}

  /**
   * Sets header {@code name} of {@code headers} to {@code value} in UTF-8, replacing any header of
   * that name the record arrived with (a record refused twice keeps the latest provenance only). A
   * null {@code value} is written as a header without a value.
   */
  public static void set(Headers headers, String name, String value) {
    headers.remove(name);
    headers.add(name, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
  }
}
