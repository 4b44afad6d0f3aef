package io.slipstream.alertmanager.delivery;

import java.time.Duration;

/**
 * Exponential back-off between attempts: {@code initial}, doubled after each failed attempt, capped
 * at {@code max}. Pure, so the schedule is tested without waiting.
 *
 * @param initial the wait after the first failure
 * @param max the longest wait between two attempts
 */
public record Backoff(Duration initial, Duration max) {

  /** 500 ms doubling to at most 30 s. */
  public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));

  public Backoff {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "need 0 < initial <= max, got initial " + initial + ", max " + max);
    }
  }

  /** Returns the wait after failed attempt number {@code attempt} (1 for the first). */
  public Duration delay(int attempt) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be at least 1, was " + attempt);
    }
    int doublings = Math.min(attempt - 1, 30);
    long millis = initial.toMillis() << doublings;
    return millis <= 0 || millis > max.toMillis() ? max : Duration.ofMillis(millis);
  }
}
