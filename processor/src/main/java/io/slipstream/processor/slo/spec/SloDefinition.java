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
 * @param grouping the keys that split the SLO into one instance per value seen ({@link
 *     Grouping#NONE}: one SLO); a Slipstream extension to OpenSLO
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
    String runbookUrl,
    Grouping grouping) {

  /** An SLO without grouping. */
  public SloDefinition(
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
    this(
        id,
        displayName,
        service,
        description,
        indicator,
        target,
        window,
        budgeting,
        alerting,
        labels,
        annotations,
        runbookUrl,
        Grouping.NONE);
  }

  /**
   * @throws IllegalArgumentException when {@code target} is not in (0, 1)
   * @throws NullPointerException when a required component is null; a null {@code displayName}
   *     becomes the id, a null {@code description} or {@code runbookUrl} becomes empty
   */
  public SloDefinition {
    Objects.requireNonNull(id, "id");
    displayName = displayName == null ? id : displayName;
    description = description == null ? "" : description;
    runbookUrl = runbookUrl == null ? "" : runbookUrl;
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
    grouping = grouping == null ? Grouping.NONE : grouping;
  }

  /** Whether the SLO is split into one instance per group. */
  public boolean isGrouped() {
    return grouping.isGrouped();
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
    record Timeslices(Duration sliceSize, SliceCondition condition) implements Budgeting {
      public Timeslices {
        Objects.requireNonNull(sliceSize, "sliceSize");
        Objects.requireNonNull(condition, "condition");
        if (sliceSize.isNegative() || sliceSize.isZero()) {
          throw new IllegalArgumentException("slice size must be positive, was " + sliceSize);
        }
      }
    }
  }

  /** When one time slice is good. */
  public sealed interface SliceCondition {
    /**
     * The slice's good/total ratio of the indicator is at least {@code ratio} (OpenSLO
     * timeSliceTarget).
     */
    record RatioAtLeast(double ratio) implements SliceCondition {
      public RatioAtLeast {
        if (!(ratio > 0 && ratio <= 1)) {
          throw new IllegalArgumentException("slice ratio must be in (0, 1], was " + ratio);
        }
      }
    }

    /**
     * The slice's latency quantile {@code quantile} (e.g. 0.99) is at most {@code thresholdMicros}.
     */
    record LatencyQuantileAtMost(double quantile, long thresholdMicros) implements SliceCondition {
      public LatencyQuantileAtMost {
        if (!(quantile > 0 && quantile < 1)) {
          throw new IllegalArgumentException("quantile must be in (0, 1), was " + quantile);
        }
        if (thresholdMicros <= 0) {
          throw new IllegalArgumentException(
              "latency threshold must be positive, was " + thresholdMicros + " µs");
        }
      }
    }

    /**
     * The service's saturation (most saturated instance) in the slice is at most {@code threshold}.
     */
    record SaturationAtMost(double threshold) implements SliceCondition {
      public SaturationAtMost {
        if (!(threshold >= 0 && threshold <= 1)) {
          throw new IllegalArgumentException(
              "saturation threshold must be in [0, 1], was " + threshold);
        }
      }
    }
  }

  /** The period an error budget covers (OpenSLO {@code timeWindow}). */
  public sealed interface TimeWindow {
    /**
     * The length the default alert factors are scaled to: a rolling window's length, 7 days for a
     * calendar week, 30 days for a calendar month (whatever the month's real length).
     */
    Duration nominalLength();

    /** The trailing {@code length}, e.g. 30d. */
    record Rolling(Duration length) implements TimeWindow {
      public Rolling {
        Objects.requireNonNull(length, "length");
        if (length.isNegative() || length.isZero()) {
          throw new IllegalArgumentException("window length must be positive, was " + length);
        }
      }

      @Override
      public Duration nominalLength() {
        return length;
      }
    }

    /**
     * The current calendar week (Monday 00:00 to Monday 00:00) or month (the 1st 00:00 to the next
     * 1st 00:00) in {@code zone}.
     */
    record Calendar(CalendarUnit unit, java.time.ZoneId zone) implements TimeWindow {
      public Calendar {
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(zone, "zone");
      }

      @Override
      public Duration nominalLength() {
        return unit.nominalLength();
      }
    }
  }

  /** Calendar periods. */
  public enum CalendarUnit {
    /** An ISO week, starting on Monday; nominally 7 days. */
    WEEK(Duration.ofDays(7)),
    /** A calendar month, starting on the 1st; nominally 30 days. */
    MONTH(Duration.ofDays(30));

    private final Duration nominalLength;

    CalendarUnit(Duration nominalLength) {
      this.nominalLength = nominalLength;
    }

    /** 7 days for a week, 30 days for a month. */
    public Duration nominalLength() {
      return nominalLength;
    }
  }

  /**
   * The burn-rate alerting of one SLO.
   *
   * @param rules the multi-window pairs; a severity fires when any of its pairs holds
   * @param minEventsInLongWindow the long window must hold at least this many events (or slices)
   *     for a pair to hold, so a handful of failures at night does not page
   * @param noDataAfter raise a NO_DATA alert after this long without events; null disables it
   * @param resolveHoldDown a firing severity resolves only after no pair held for this long; zero
   *     resolves at the first evaluation where no pair holds
   * @param pageSuppressesTicket whether a firing page keeps a ticket from starting (the default);
   *     false evaluates each severity on its own, as the Workbook's plain rules do
   * @see DefaultAlertRules the defaults the parser fills in
   */
  public record Alerting(
      List<BurnRateRule> rules,
      long minEventsInLongWindow,
      Duration noDataAfter,
      Duration resolveHoldDown,
      boolean pageSuppressesTicket) {

    /** Alerting where a firing page keeps a ticket from starting. */
    public Alerting(
        List<BurnRateRule> rules,
        long minEventsInLongWindow,
        Duration noDataAfter,
        Duration resolveHoldDown) {
      this(rules, minEventsInLongWindow, noDataAfter, resolveHoldDown, true);
    }

    /**
     * @throws IllegalArgumentException when {@code minEventsInLongWindow} or {@code
     *     resolveHoldDown} is negative, or {@code noDataAfter} is not positive
     */
    public Alerting {
      rules = List.copyOf(rules);
      if (minEventsInLongWindow < 0) {
        throw new IllegalArgumentException(
            "minEventsInLongWindow must not be negative, was " + minEventsInLongWindow);
      }
      if (noDataAfter != null && (noDataAfter.isNegative() || noDataAfter.isZero())) {
        throw new IllegalArgumentException(
            "noDataAfter must be positive or null, was " + noDataAfter);
      }
      Objects.requireNonNull(resolveHoldDown, "resolveHoldDown");
      if (resolveHoldDown.isNegative()) {
        throw new IllegalArgumentException(
            "resolveHoldDown must not be negative, was " + resolveHoldDown);
      }
    }
  }

  /**
   * One multi-window, multi-burn-rate condition: it holds when the burn rate over both windows
   * exceeds {@code burnRate} (or reaches it, when {@code inclusive}: OpenSLO's {@code op: gte}).
   */
  public record BurnRateRule(
      Severity severity,
      Duration longWindow,
      Duration shortWindow,
      double burnRate,
      boolean inclusive) {

    /** A rule that holds when both windows exceed the burn rate ({@code op: gt}). */
    public BurnRateRule(
        Severity severity, Duration longWindow, Duration shortWindow, double burnRate) {
      this(severity, longWindow, shortWindow, burnRate, false);
    }

    /**
     * @throws IllegalArgumentException unless {@code 0 < shortWindow < longWindow} and {@code
     *     burnRate > 0}
     */
    public BurnRateRule {
      Objects.requireNonNull(severity, "severity");
      Objects.requireNonNull(longWindow, "longWindow");
      Objects.requireNonNull(shortWindow, "shortWindow");
      if (shortWindow.isNegative() || shortWindow.isZero()) {
        throw new IllegalArgumentException("short window must be positive, was " + shortWindow);
      }
      if (shortWindow.compareTo(longWindow) >= 0) {
        throw new IllegalArgumentException(
            "short window " + shortWindow + " must be shorter than long window " + longWindow);
      }
      if (!(burnRate > 0) || Double.isInfinite(burnRate)) {
        throw new IllegalArgumentException("burn rate must be positive, was " + burnRate);
      }
    }
  }

  /** Alert severities, as in the SRE Workbook. */
  public enum Severity {
    PAGE,
    TICKET
  }
}
