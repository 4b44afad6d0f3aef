package io.slipstream.processor.query;

import java.util.List;
import java.util.Map;

/** The JSON documents of the API, as records (Jackson writes and reads them). */
public final class ApiViews {
  private ApiViews() {}

  /**
   * One SLO and its latest evaluation.
   *
   * @param alertState the most severe firing alert ({@code PAGE}, {@code TICKET}, {@code NO_DATA}),
   *     or {@code OK}; {@code PENDING} before the first evaluation
   * @param status the latest evaluation, null before the first one
   * @param history per-minute burn rates and budget burn-down; only in the detail, on request
   */
  public record SloView(
      String id,
      String name,
      String service,
      String description,
      double target,
      String period,
      String budgeting,
      String alertState,
      List<AlertView> alerts,
      List<RuleView> rules,
      SloStatusView status,
      SloHistoryView history) {

    SloView withHistory(SloHistoryView newHistory) {
      return new SloView(
          id,
          name,
          service,
          description,
          target,
          period,
          budgeting,
          alertState,
          alerts,
          rules,
          status,
          newHistory);
    }
  }

  /**
   * @param evaluatedAt event time of the evaluation, epoch ms
   * @param burnRates burn rate per window (null when the window holds no events), shortest first
   * @param periodGoodEvents good events in the period, corrections applied (excluded minutes out)
   * @param periodExcludedEvents events in the period left out by exclude corrections
   * @param periodPlannedBadEvents bad events in the period attributed to planned work (counted)
   * @param activeCorrections ids of the corrections whose range contains {@code evaluatedAt}
   * @param completeFrom epoch ms from which the figures hold every event (an SLO defined while the
   *     processor ran: windows and period reaching before it are partial); null when complete
   */
  public record SloStatusView(
      long evaluatedAt,
      Double sli,
      double errorBudgetRemaining,
      long periodGoodEvents,
      long periodTotalEvents,
      Map<String, Double> burnRates,
      List<WindowView> windows,
      Long timeToExhaustion1hMillis,
      Long timeToExhaustion6hMillis,
      long periodExcludedEvents,
      long periodPlannedBadEvents,
      List<String> activeCorrections,
      Long completeFrom) {}

  public record WindowView(
      String window, long windowMillis, long goodEvents, long totalEvents, Double burnRate) {}

  /**
   * @param since when it last changed state, epoch ms; null if never
   */
  public record AlertView(String severity, boolean firing, Long since) {}

  /** One burn-rate alert condition, so charts can draw the thresholds. */
  public record RuleView(String severity, String longWindow, String shortWindow, double burnRate) {}

  /**
   * Per-minute history of one SLO.
   *
   * @param minutes start of each minute, epoch ms
   * @param burnRates for each window, its burn rate ending at each minute (null without events)
   * @param budgetHours start of each hour of the current period, epoch ms
   * @param budgetRemaining fraction of the period's budget left at the end of each of those hours
   */
  public record SloHistoryView(
      List<Long> minutes,
      Map<String, List<Double>> burnRates,
      List<Long> budgetHours,
      List<Double> budgetRemaining) {}

  /**
   * The golden signals of a service (or operation) over [from, to).
   *
   * @param latencyMicros p50, p90, p95, p99, p999 (within 1 %), min and max (exact); nulls without
   *     traffic
   * @param saturation the most saturated instance's utilisation, null without samples
   */
  public record SliView(
      String service,
      String operation,
      long from,
      long to,
      long requestCount,
      long errorCount,
      Double errorRatio,
      double requestsPerSecond,
      Map<String, Number> latencyMicros,
      Double saturation,
      List<String> exemplarTraceIds) {}

  public record SeriesView(
      String service,
      String operation,
      long from,
      long to,
      long stepMillis,
      List<SliView> points) {}

  /** The body of every error answer. */
  public record ErrorView(String error, String parameter, String message) {}
}
