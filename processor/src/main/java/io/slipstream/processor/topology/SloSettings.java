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
 * @param settle how far every input must have passed a tick before it is evaluated. Zero (the
 *     default) evaluates a tick as soon as the watermark passes it: alerts come at once, on what
 *     has arrived, and an event arriving later than that still counts in the next evaluations. With
 *     an allowed lateness here, alerts come that much later, and their transitions are the same
 *     whatever the order of delivery, as long as no input delivers an event more than this behind
 *     its own progress.
 */
public record SloSettings(
    Duration evaluationInterval,
    Duration minuteRetention,
    Duration hourRetention,
    Duration settle) {
  public SloSettings {
    long ms = evaluationInterval.toMillis();
    long minute = Duration.ofMinutes(1).toMillis();
    // Ticks fall on multiples of the interval; a minute's counts are split at the ticks inside it.
    if (ms < 1_000 || (minute % ms != 0 && ms % minute != 0)) {
      throw new IllegalArgumentException(
          "evaluation interval must be at least 1s and divide a minute or be whole minutes, was "
              + evaluationInterval);
    }
    if (settle.isNegative()) {
      throw new IllegalArgumentException("settle must not be negative, was " + settle);
    }
  }

  public static SloSettings defaults() {
    return new SloSettings(
        Duration.ofSeconds(10), Duration.ofDays(4), Duration.ofDays(35), Duration.ZERO);
  }

  public SloSettings withEvaluationInterval(Duration interval) {
    return new SloSettings(interval, minuteRetention, hourRetention, settle);
  }

  /** Settled evaluation: each tick once every input has passed it by {@code allowedLateness}. */
  public SloSettings withSettle(Duration allowedLateness) {
    return new SloSettings(evaluationInterval, minuteRetention, hourRetention, allowedLateness);
  }
}
