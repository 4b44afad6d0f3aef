package io.slipstream.processor.topology;

import io.slipstream.avro.RequestEvent;
import io.slipstream.avro.ResourceSample;

/**
 * What the SLI aggregation stage hands the SLO accounting stage, in the order it happens: a request
 * to count (with the processor's error classification), a resource sample, or an evaluation tick
 * the watermark has passed.
 */
sealed interface SloInput {
  /** A valid request event at {@code eventTime}, on time or late but within retention. */
  record Request(RequestEvent event, boolean isError, long eventTime) implements SloInput {}

  /** A valid resource sample at {@code eventTime}. */
  record Sample(ResourceSample sample, long eventTime) implements SloInput {}

  /** Every SLO is evaluated at {@code time}, counting exactly the events before it. */
  record Tick(long time) implements SloInput {}
}
