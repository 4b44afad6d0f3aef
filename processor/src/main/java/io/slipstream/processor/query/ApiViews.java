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
   * @param groupedBy a grouped SLO's grouping labels (e.g. {@code [customer]}); absent otherwise
   * @param groups a grouped SLO's instances in brief, in place of a status (its figures are per
   *     instance); absent otherwise
   * @param groupKey an instance's group as in its id's braces ({@code customer="acme"}, or {@code
   *     other}); absent for an SLO
   * @param group an instance's labels and values ({@code {customer: acme}}; empty for {@code
   *     other}); absent for an SLO
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
      String nowSource,
      @JsonInclude(JsonInclude.Include.NON_NULL) List<String> groupedBy,
      @JsonInclude(JsonInclude.Include.NON_NULL) GroupsSummaryView groups,
      @JsonInclude(JsonInclude.Include.NON_NULL) String groupKey,
      @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, String> group) {

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
          nowSource,
          groupedBy,
          groups,
          groupKey,
          group);
    }

    /** This grouped SLO with its instances in brief and the alert state they add up to. */
    SloView withGroups(
        List<String> labels,
        GroupsSummaryView summary,
        String newAlertState,
        List<AlertView> newAlerts) {
      return new SloView(
          id,
          name,
          service,
          description,
          target,
          period,
          budgeting,
          newAlertState,
          newAlerts,
          rules,
          status,
          history,
          now,
          nowSource,
          labels,
          summary,
          groupKey,
          group);
    }

    /** This view, read under an instance id, as the instance {@code key} of SLO {@code sloId}. */
    SloView asInstance(String sloId, String key, Map<String, String> labels) {
      return new SloView(
          sloId,
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
          history,
          now,
          nowSource,
          groupedBy,
          groups,
          key,
          labels);
    }
  }

  /**
   * A grouped SLO's instances in brief.
   *
   * @param instances how many instances it has (the {@code other} instance included)
   * @param firingPage how many of them page
   * @param firingTicket how many of them raise a ticket
   * @param worst the instances with the least error budget left, least first (at most {@value
   *     GroupQueries#WORST})
   */
  public record GroupsSummaryView(
      int instances, int firingPage, int firingTicket, List<GroupRowView> worst) {}

  /**
   * One instance of a grouped SLO, as a row of its list.
   *
   * @param key the group as in the instance id's braces: {@code customer="acme"}, or {@code other}
   * @param group the group's labels and values; empty for {@code other}
   * @param alertState {@code PAGE}, {@code TICKET} or {@code OK} (instances have no no-data alert)
   * @param periodTotalEvents events of the instance in the SLO's period
   * @param burnRates the burn rates over the long and short window of the SLO's first page rule
   *     (its first rule when it has no page rule; none without rules), e.g. {@code 1h} and {@code
   *     5m}; null for a window without events
   * @param evaluatedAt event time of the instance's latest evaluation, epoch ms; an instance
   *     publishes one when its counts change, so it holds until then
   */
  public record GroupRowView(
      String key,
      Map<String, String> group,
      String alertState,
      double errorBudgetRemaining,
      Double sli,
      long periodTotalEvents,
      Map<String, Double> burnRates,
      long evaluatedAt) {}

  /**
   * One page of a grouped SLO's instances.
   *
   * @param sort {@code budget} (least left first, ties by key) or {@code key}
   * @param state the filter asked for ({@code firing}, {@code page}, {@code ticket}, {@code ok}),
   *     or null for all
   * @param total how many instances pass the filter; {@code groups} is a page of them
   * @param instances how many instances the SLO has
   * @param firingPage how many of them page
   * @param firingTicket how many of them raise a ticket
   */
  public record GroupsView(
      String sloId,
      List<String> groupedBy,
      String sort,
      String state,
      int offset,
      int limit,
      int total,
      int instances,
      int firingPage,
      int firingTicket,
      List<GroupRowView> groups,
      long now,
      String nowSource) {}

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
