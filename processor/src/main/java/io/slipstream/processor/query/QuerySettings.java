package io.slipstream.processor.query;

import io.slipstream.processor.topology.SliSettings;
import java.time.Duration;

/**
 * What the query API needs to know of the aggregation.
 *
 * @param bucketMs the base bucket: query bounds must be multiples of it
 * @param maxRange the longest range answered (the hour rollups' retention)
 * @param dataRetention how far back a service's data proves it exists
 * @param forwardTimeout how long to wait for another instance's answer
 */
public record QuerySettings(
    long bucketMs, Duration maxRange, Duration dataRetention, Duration forwardTimeout) {

  public static QuerySettings from(SliSettings settings) {
    return new QuerySettings(
        settings.bucketSize().toMillis(),
        settings.hourRetention(),
        settings.hourRetention(),
        Duration.ofSeconds(10));
  }
}
