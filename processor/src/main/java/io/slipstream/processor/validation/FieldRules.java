package io.slipstream.processor.validation;

import java.time.Instant;
import java.util.Optional;

/** Rules shared by the validators. */
final class FieldRules {
  private FieldRules() {}

  static Optional<Rejection> name(
      String field, String value, RejectionReason whenMissing, ValidationLimits limits) {
    if (value == null || value.isBlank()) {
      return Optional.of(Rejection.of(whenMissing, field + " is empty"));
    }
    if (value.length() > limits.maxNameLength()) {
      return Optional.of(
          Rejection.of(
              RejectionReason.FIELD_TOO_LONG,
              field + " has " + value.length() + " characters; at most " + limits.maxNameLength()));
    }
    return Optional.empty();
  }

  static Optional<Rejection> timestamp(long eventMs, long nowMs, ValidationLimits limits) {
    if (limits.maxFutureSkew() != null && eventMs > nowMs + limits.maxFutureSkew().toMillis()) {
      return Optional.of(
          Rejection.of(
              RejectionReason.TIMESTAMP_IN_FUTURE,
              "timestamp "
                  + Instant.ofEpochMilli(eventMs)
                  + " is more than "
                  + limits.maxFutureSkew()
                  + " ahead of the processor's clock "
                  + Instant.ofEpochMilli(nowMs)));
    }
    if (limits.maxAge() != null && eventMs < nowMs - limits.maxAge().toMillis()) {
      return Optional.of(
          Rejection.of(
              RejectionReason.TIMESTAMP_BEYOND_RETENTION,
              "timestamp "
                  + Instant.ofEpochMilli(eventMs)
                  + " is older than the retention of "
                  + limits.maxAge()));
    }
    return Optional.empty();
  }
}
