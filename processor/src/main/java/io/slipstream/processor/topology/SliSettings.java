package io.slipstream.processor.topology;

import io.slipstream.processor.aggregation.ErrorClassifier;
import io.slipstream.processor.validation.ValidationLimits;
import java.time.Duration;

/**
 * How the golden signals are aggregated.
 *
 * @param bucketSize the finest time bucket; divides a minute (default 10 s)
 * @param grace how long after a bucket ends events for it are still accepted; later ones are
 *     dead-lettered as LATE, and the bucket is published once the grace has passed (default 1 min)
 * @param bucketRetention how long base buckets are kept (default 2 days)
 * @param minuteRetention how long minute rollups are kept (default 8 days)
 * @param hourRetention how long hour rollups are kept (default 35 days, a calendar month and some)
 * @param maxWatermarkHold how far the watermark may trail the furthest input (default 1 hour): an
 *     input behind by more, or one without data whose backlog has not arrived, stops holding it,
 *     and its events then arrive late (still counted). Everything the watermark holds open is in
 *     memory.
 * @param limits what input is accepted
 * @param errorClassifier which requests count as errors
 * @param maxLiveObjects aggregates kept in memory between commits before they are dropped
 */
public record SliSettings(
    Duration bucketSize,
    Duration grace,
    Duration bucketRetention,
    Duration minuteRetention,
    Duration hourRetention,
    Duration maxWatermarkHold,
    ValidationLimits limits,
    ErrorClassifier errorClassifier,
    int maxLiveObjects) {

  public static final Duration MINUTE = Duration.ofMinutes(1);
  public static final Duration HOUR = Duration.ofHours(1);

  public SliSettings {
    if (bucketSize.isNegative()
        || bucketSize.isZero()
        || MINUTE.toMillis() % bucketSize.toMillis() != 0) {
      throw new IllegalArgumentException("bucket size must divide one minute, was " + bucketSize);
    }
    if (grace.isNegative()) {
      throw new IllegalArgumentException("grace must not be negative, was " + grace);
    }
    if (maxWatermarkHold.isNegative() || maxWatermarkHold.isZero()) {
      throw new IllegalArgumentException(
          "the watermark's maximum hold must be positive, was " + maxWatermarkHold);
    }
    requireRetention("bucket", bucketRetention, bucketSize, grace);
    requireRetention("minute", minuteRetention, MINUTE, grace);
    requireRetention("hour", hourRetention, HOUR, grace);
    if (maxLiveObjects < 1) {
      throw new IllegalArgumentException("maxLiveObjects must be positive, was " + maxLiveObjects);
    }
  }

  private static void requireRetention(
      String what, Duration retention, Duration window, Duration grace) {
    if (retention.compareTo(window.plus(grace)) < 0) {
      throw new IllegalArgumentException(
          what
              + " retention "
              + retention
              + " must cover its window "
              + window
              + " plus the grace "
              + grace);
    }
  }

  /**
   * 10 s buckets, 1 min grace, 2/8/35 days of retention, a watermark held back 1 hour at most, the
   * default limits and error classification.
   */
  public static SliSettings defaults() {
    return new SliSettings(
        Duration.ofSeconds(10),
        Duration.ofMinutes(1),
        Duration.ofDays(2),
        Duration.ofDays(8),
        Duration.ofDays(35),
        Duration.ofHours(1),
        ValidationLimits.defaults(),
        ErrorClassifier.defaults(),
        200_000);
  }

  public SliSettings withBucketSize(Duration size) {
    return new SliSettings(
        size,
        grace,
        bucketRetention,
        minuteRetention,
        hourRetention,
        maxWatermarkHold,
        limits,
        errorClassifier,
        maxLiveObjects);
  }

  public SliSettings withGrace(Duration newGrace) {
    return new SliSettings(
        bucketSize,
        newGrace,
        bucketRetention,
        minuteRetention,
        hourRetention,
        maxWatermarkHold,
        limits,
        errorClassifier,
        maxLiveObjects);
  }

  public SliSettings withMaxWatermarkHold(Duration hold) {
    return new SliSettings(
        bucketSize,
        grace,
        bucketRetention,
        minuteRetention,
        hourRetention,
        hold,
        limits,
        errorClassifier,
        maxLiveObjects);
  }

  public SliSettings withLimits(ValidationLimits newLimits) {
    return new SliSettings(
        bucketSize,
        grace,
        bucketRetention,
        minuteRetention,
        hourRetention,
        maxWatermarkHold,
        newLimits,
        errorClassifier,
        maxLiveObjects);
  }

  public SliSettings withErrorClassifier(ErrorClassifier classifier) {
    return new SliSettings(
        bucketSize,
        grace,
        bucketRetention,
        minuteRetention,
        hourRetention,
        maxWatermarkHold,
        limits,
        classifier,
        maxLiveObjects);
  }
}
