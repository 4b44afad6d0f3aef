package io.slipstream.processor.slo.spec;

import java.util.Objects;
import java.util.Optional;

/**
 * What an SLO counts (OpenSLO SLI): the events of its service that match {@code total}, and among
 * them the good ones.
 *
 * <p>What the parser produces for each OpenSLO indicator:
 *
 * <ul>
 *   <li>{@code ratioMetric} with {@code good}: {@link GoodCriterion.Matches}; with {@code bad}:
 *       {@link GoodCriterion.DoesNotMatch}; with {@code bad: {errors: true}}: {@link
 *       GoodCriterion.NotAnError} (availability);
 *   <li>{@code thresholdMetric} with {@code signal: latency}: {@link GoodCriterion.LatencyAtMost}
 *       (per request);
 *   <li>{@code thresholdMetric} with {@code signal: latency_p99} (Timeslices only): also {@link
 *       GoodCriterion.LatencyAtMost} with the same threshold, but a slice is good by its {@link
 *       SloDefinition.SliceCondition.LatencyQuantileAtMost}, not by counting good requests;
 *   <li>{@code thresholdMetric} with {@code signal: saturation} (Timeslices only): kind {@link
 *       Kind#SATURATION}, {@code total} = {@link EventSelector#any()} and {@code good} = {@code
 *       Matches(any())}; both are unused, a slice is good by its {@link
 *       SloDefinition.SliceCondition.SaturationAtMost}.
 * </ul>
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
    /** Request events of the SLO's service. */
    REQUESTS,
    /** Resource samples of the SLO's service (saturation time slices). */
    SATURATION
  }

  /** When a counted event is good. */
  public sealed interface GoodCriterion {
    /** Good when the event matches {@code selector} (ratioMetric good). */
    record Matches(EventSelector selector) implements GoodCriterion {
      public Matches {
        Objects.requireNonNull(selector, "selector");
      }
    }

    /** Good when the event does NOT match {@code selector} (ratioMetric bad). */
    record DoesNotMatch(EventSelector selector) implements GoodCriterion {
      public DoesNotMatch {
        Objects.requireNonNull(selector, "selector");
      }
    }

    /**
     * Good when the event is not an error by the processor's error classification (availability).
     */
    record NotAnError() implements GoodCriterion {}

    /**
     * Good when the event's latency is at most {@code thresholdMicros} (latency SLI) and, when
     * {@code also} is present, the event matches it too. The OpenSLO parser always leaves {@code
     * also} empty: a latency SLI's filters (operation, outcome, …) narrow {@code total} instead.
     *
     * @param thresholdMicros the inclusive upper bound, in microseconds; positive
     */
    record LatencyAtMost(long thresholdMicros, Optional<EventSelector> also)
        implements GoodCriterion {
      public LatencyAtMost {
        if (thresholdMicros <= 0) {
          throw new IllegalArgumentException(
              "latency threshold must be positive, was " + thresholdMicros + " µs");
        }
        Objects.requireNonNull(also, "also");
      }

      /** Good when the latency is at most {@code thresholdMicros}, with no further condition. */
      public LatencyAtMost(long thresholdMicros) {
        this(thresholdMicros, Optional.empty());
      }
    }
  }
}
