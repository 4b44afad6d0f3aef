package io.slipstream.processor.query;

import com.fasterxml.jackson.annotation.JsonInclude;
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
   * @param now the event time the answer was read at (see {@link QueryClock}), epoch ms
   * @param nowSource {@code event-time}, or {@code wall-clock} before the service's partition saw
   *     an event
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
      SloHistoryView history,
      Long now,
      String nowSource) {

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
          newHistory,
          now,
          nowSource);
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
  /**
   * The golden signals over [from, to).
   *
   * @param now the event time the window was placed at (see {@link QueryClock}), epoch ms; only on
   *     an answer of its own, not on the points of a series
   * @param nowSource {@code event-time}, or {@code wall-clock} before the service's partition saw
   *     an event; only with {@code now}
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
      List<String> exemplarTraceIds,
      @JsonInclude(JsonInclude.Include.NON_NULL) Long now,
      @JsonInclude(JsonInclude.Include.NON_NULL) String nowSource) {

    SliView at(QueryClock.Now answeredAt) {
      return new SliView(
          service,
          operation,
          from,
          to,
          requestCount,
          errorCount,
          errorRatio,
          requestsPerSecond,
          latencyMicros,
          saturation,
          exemplarTraceIds,
          answeredAt.millis(),
          answeredAt.source());
    }
  }

  /**
   * @param now the event time the range was placed at (see {@link QueryClock}), epoch ms
   * @param nowSource {@code event-time}, or {@code wall-clock} before the service's partition saw
   *     an event
   */
  public record SeriesView(
      String service,
      String operation,
      long from,
      long to,
      long stepMillis,
      List<SliView> points,
      long now,
      String nowSource) {}

  /** The body of every error answer. */
  public record ErrorView(String error, String parameter, String message) {}
}
