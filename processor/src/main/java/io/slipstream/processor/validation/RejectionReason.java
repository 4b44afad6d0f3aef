package io.slipstream.processor.validation;

import io.slipstream.serde.WireFormatException;

/**
 * Why an input record went to a dead-letter topic. The names are stable: they label the rejection
 * metric and the {@code slipstream.dlq.reason} header.
 */
public enum RejectionReason {
  NULL_VALUE,
  EMPTY_PAYLOAD,
  TOO_SHORT,
  WRONG_MAGIC_BYTE,
  UNKNOWN_SCHEMA_ID,
  TRUNCATED_BODY,
  CORRUPT_BODY,
  UNRESOLVABLE_SCHEMA,
  MISSING_SERVICE,
  MISSING_OPERATION,
  MISSING_INSTANCE,
  FIELD_TOO_LONG,
  NEGATIVE_LATENCY,
  INVALID_STATUS_CODE,
  INVALID_UTILIZATION,
  ATTRIBUTES_TOO_LARGE,
  TIMESTAMP_IN_FUTURE,
  TIMESTAMP_BEYOND_RETENTION,
  LATE;

  /** The rejection reason for a payload the deserializer refused. */
  public static RejectionReason of(WireFormatException.Reason reason) {
    return switch (reason) {
      case EMPTY_PAYLOAD -> EMPTY_PAYLOAD;
      case TOO_SHORT -> TOO_SHORT;
      case WRONG_MAGIC_BYTE -> WRONG_MAGIC_BYTE;
      case UNKNOWN_SCHEMA_ID -> UNKNOWN_SCHEMA_ID;
      case TRUNCATED_BODY -> TRUNCATED_BODY;
      case UNRESOLVABLE_SCHEMA -> UNRESOLVABLE_SCHEMA;
      case CORRUPT_BODY, SERIALIZATION_FAILED -> CORRUPT_BODY;
      case REGISTRY_UNAVAILABLE ->
          throw new IllegalArgumentException(
              "an unreachable registry is retried, never a rejection");
    };
  }
}
