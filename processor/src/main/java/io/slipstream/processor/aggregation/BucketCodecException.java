package io.slipstream.processor.aggregation;

import org.apache.kafka.common.errors.SerializationException;

/**
 * Bytes that are not a valid encoded bucket: empty, truncated, an unknown format version, or values
 * that break the bucket's invariants. A {@link SerializationException}, so Kafka's error handling
 * treats it like any other undecodable payload.
 */
public class BucketCodecException extends SerializationException {
  private static final long serialVersionUID = 1L;

  public BucketCodecException(String message) {
    super(message);
  }

  public BucketCodecException(String message, Throwable cause) {
    super(message, cause);
  }
}
