package io.slipstream.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A payload that cannot be turned into a record, with a {@link Reason} that dead-letter handling
 * and metrics use as a stable label.
 */
public class WireFormatException extends SerializationException {
  private static final long serialVersionUID = 1L;

  /** Why a payload was rejected. Stable names: they label metrics and dead-letter headers. */
  public enum Reason {
    EMPTY_PAYLOAD,
    TOO_SHORT,
    WRONG_MAGIC_BYTE,
    UNKNOWN_SCHEMA_ID,
    TRUNCATED_BODY,
    CORRUPT_BODY,
    UNRESOLVABLE_SCHEMA,
    /**
     * The registry could not be reached: the payload may be fine, so retry rather than dead-letter
     * it.
     */
    REGISTRY_UNAVAILABLE,
    SERIALIZATION_FAILED
  }

  private final Reason reason;

  public WireFormatException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public WireFormatException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  /**
   * True when the same payload may decode later (the registry was unreachable), false when it never
   * will.
   */
  public boolean isRetriable() {
    return reason == Reason.REGISTRY_UNAVAILABLE;
  }

  @Override
  public String getMessage() {
    return reason + ": " + super.getMessage();
  }
}
