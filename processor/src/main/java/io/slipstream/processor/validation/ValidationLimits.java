package io.slipstream.processor.validation;

import java.time.Duration;

/**
 * Bounds on what the processor accepts, so that one bad producer cannot corrupt numbers or blow up
 * state.
 *
 * @param maxNameLength longest service, operation or instance name, in characters
 * @param maxAttributes most entries in a request event's attribute map
 * @param maxAttributeChars most characters of all attribute keys and values together
 * @param maxFutureSkew how far past the wall clock an event time may be; null accepts any (for
 *     replays with accelerated time)
 * @param maxAge how far behind the wall clock an event time may be: the retention of the finest
 *     buckets
 */
public record ValidationLimits(
    int maxNameLength,
    int maxAttributes,
    int maxAttributeChars,
    Duration maxFutureSkew,
    Duration maxAge) {

  /**
   * 256-character names, 32 attributes in 4096 characters, 5 minutes of future skew, 2 days of age.
   */
  public static ValidationLimits defaults() {
    return new ValidationLimits(256, 32, 4096, Duration.ofMinutes(5), Duration.ofDays(2));
  }

  public ValidationLimits withMaxFutureSkew(Duration skew) {
    return new ValidationLimits(maxNameLength, maxAttributes, maxAttributeChars, skew, maxAge);
  }

  public ValidationLimits withMaxAge(Duration age) {
    return new ValidationLimits(
        maxNameLength, maxAttributes, maxAttributeChars, maxFutureSkew, age);
  }
}
