package io.slipstream.processor.slo.spec;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One service level objective, as the engine evaluates it: parsed and validated from an OpenSLO v1
 * {@code kind: SLO} document (with its SLI, AlertPolicies and AlertConditions resolved).
 *
 * @param id the SLO's id: {@code metadata.name}; keys every record about it
 * @param displayName {@code metadata.displayName}, or the id
 * @param service {@code spec.service}: the service whose request events (or resource samples) it
 *     counts
 * @param description {@code spec.description}, or empty
 * @param indicator which events (or time slices) count, and which of them are good
 * @param target the objective, in (0, 1): e.g. 0.999
 * @param window the period the error budget covers
 * @param budgeting Occurrences (events) or Timeslices (good slices / all slices)
 * @param alerting the burn-rate alert pairs and guards
 * @param labels labels for alerts ({@code metadata.labels}, flattened)
 * @param annotations annotations for alerts ({@code metadata.annotations})
 * @param runbookUrl where on-call finds what to do, or empty
 */
public record SloDefinition(
    String id,
    String displayName,
    String service,
    String description,
    Indicator indicator,
    double target,
    TimeWindow window,
    Budgeting budgeting,
    Alerting alerting,
    Map<String, String> labels,
    Map<String, String> annotations,
    String runbookUrl) {

  public SloDefinition {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(indicator, "indicator");
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(budgeting, "budgeting");
    Objects.requireNonNull(alerting, "alerting");
    if (!(target > 0 && target < 1)) {
      throw new IllegalArgumentException("target must be in (0, 1), was " + target);
    }
    labels = Map.copyOf(labels);
    annotations = Map.copyOf(annotations);
  }

  /** The error budget as a fraction of events (or slices): 1 − target. */
  public double errorBudget() {
    return 1 - target;
  }

  /** How the error budget is counted (OpenSLO {@code budgetingMethod}). */
  public sealed interface Budgeting {
    /** Every matching event counts; good events over all events. */
    record Occurrences() implements Budgeting {}

    /**
     * The period is cut into slices of {@code sliceSize}; a slice is good when its own SLI meets
     * {@code sliceTarget} (e.g. 99 % of its requests under the latency threshold, or p99 ≤ X, or
     * saturation ≤ Y), and the objective is good slices over all slices with traffic.
     */
    record Timeslices(Duration sliceSize, SliceCondition condition) implements Budgeting {}
  }

  /** When one time slice is good. */
  public sealed interface SliceCondition {
    /**
     * The slice's good/total ratio of the indicator is at least {@code ratio} (OpenSLO
     * timeSliceTarget).
     */
    record RatioAtLeast(double ratio) implements SliceCondition {}

    /**
     * The slice's latency quantile {@code quantile} (e.g. 0.99) is at most {@code thresholdMicros}.
     */
    record LatencyQuantileAtMost(double quantile, long thresholdMicros) implements SliceCondition {}

    /**
     * The service's saturation (most saturated instance) in the slice is at most {@code threshold}.
     */
    record SaturationAtMost(double threshold) implements SliceCondition {}
  }

  /** The period an error budget covers (OpenSLO {@code timeWindow}). */
  public sealed interface TimeWindow {
    /** The trailing {@code length}, e.g. 30d. */
    record Rolling(Duration length) implements TimeWindow {}

    /** The current calendar week or month in {@code zone}. */
    record Calendar(CalendarUnit unit, java.time.ZoneId zone) implements TimeWindow {}
  }

  /** Calendar periods. */
  public enum CalendarUnit {
    WEEK,
    MONTH
  }

  /**
   * The burn-rate alerting of one SLO.
   *
   * @param rules the multi-window pairs; a severity fires when any of its pairs holds
   * @param minEventsInLongWindow the long window must hold at least this many events (or slices)
   *     for a pair to hold, so a handful of failures at night does not page
   * @param noDataAfter raise a NO_DATA alert after this long without events; null disables it
   * @param resolveHoldDown a firing severity resolves only after no pair held for this long
   */
  public record Alerting(
      List<BurnRateRule> rules,
      long minEventsInLongWindow,
      Duration noDataAfter,
      Duration resolveHoldDown) {
    public Alerting {
      rules = List.copyOf(rules);
    }
  }

  /**
   * One multi-window, multi-burn-rate condition: it holds when the burn rate over both windows
   * exceeds {@code burnRate}.
   */
  public record BurnRateRule(
      Severity severity, Duration longWindow, Duration shortWindow, double burnRate) {}

  /** Alert severities, as in the SRE Workbook. */
  public enum Severity {
    PAGE,
    TICKET
  }
}
