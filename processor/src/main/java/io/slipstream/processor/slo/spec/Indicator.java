package io.slipstream.processor.slo.spec;

import java.util.Objects;
import java.util.Optional;

/**
 * What an SLO counts (OpenSLO SLI): the events of its service that match {@code total}, and among
 * them the good ones.
 *
 * @param total which request events count at all
 * @param good which of those are good; for an indicator written with {@code bad}, the complement
 * @param kind whether the indicator counts request events or, for saturation time slices, resource
 *     samples
 */
public record Indicator(EventSelector total, GoodCriterion good, Kind kind) {
  public Indicator {
    Objects.requireNonNull(total, "total");
    Objects.requireNonNull(good, "good");
    Objects.requireNonNull(kind, "kind");
  }

  /** What the indicator counts. */
  public enum Kind {
    REQUESTS,
    SATURATION
  }

  /** When a counted event is good. */
  public sealed interface GoodCriterion {
    /** Good when the event matches {@code selector} (ratioMetric good). */
    record Matches(EventSelector selector) implements GoodCriterion {}

    /** Good when the event does NOT match {@code selector} (ratioMetric bad). */
    record DoesNotMatch(EventSelector selector) implements GoodCriterion {}

    /**
     * Good when the event is not an error by the processor's error classification (availability).
     */
    record NotAnError() implements GoodCriterion {}

    /** Good when the event's latency is at most {@code thresholdMicros} (latency SLI). */
    record LatencyAtMost(long thresholdMicros, Optional<EventSelector> also)
        implements GoodCriterion {}
  }
}
