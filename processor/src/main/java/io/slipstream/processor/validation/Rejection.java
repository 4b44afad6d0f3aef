package io.slipstream.processor.validation;

/**
 * A record refused by the processor, with the reason and a human-readable detail naming the field.
 *
 * @param reason the stable reason
 * @param detail what was wrong, e.g. "latencyMicros is -5"
 * @param cause the exception behind it, or null for a validation rule
 */
public record Rejection(RejectionReason reason, String detail, Throwable cause) {
  public static Rejection of(RejectionReason reason, String detail) {
    return new Rejection(reason, detail, null);
  }
}
