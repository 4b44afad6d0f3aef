package io.slipstream.processor.topology;

import java.time.Duration;

/**
 * How SLOs are evaluated.
 *
 * @param evaluationInterval how often every SLO is evaluated, in event time and, while a task
 *     receives nothing, in wall-clock time (default 10 s)
 * @param minuteRetention how long per-minute SLO counts are kept: at least the longest burn-rate
 *     window plus a time slice and the grace (default 4 days, for the 3-day window)
 * @param hourRetention how long the period's per-minute SLO counts (one record per hour) are kept:
 *     at least the longest SLO period (default 35 days)
 */
public record SloSettings(
    Duration evaluationInterval, Duration minuteRetention, Duration hourRetention) {
  public SloSettings {
    if (evaluationInterval.isZero() || evaluationInterval.isNegative()) {
      throw new IllegalArgumentException(
          "evaluation interval must be positive, was " + evaluationInterval);
    }
  }

  public static SloSettings defaults() {
    return new SloSettings(Duration.ofSeconds(10), Duration.ofDays(4), Duration.ofDays(35));
  }

  public SloSettings withEvaluationInterval(Duration interval) {
    return new SloSettings(interval, minuteRetention, hourRetention);
  }
}
