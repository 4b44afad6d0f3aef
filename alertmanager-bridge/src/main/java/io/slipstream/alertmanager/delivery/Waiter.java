package io.slipstream.alertmanager.delivery;

import java.time.Duration;

/**
 * How a retrying caller waits between attempts. The bridge's waiter keeps its Kafka consumer in the
 * group and re-sends firing alerts while it waits; tests wait briefly or not at all.
 */
@FunctionalInterface
public interface Waiter {

  /**
   * Waits about {@code duration}.
   *
   * @return false if the work should be given up instead (shutting down, or the record's partition
   *     was revoked), true to try again
   */
  boolean await(Duration duration) throws InterruptedException;
}
