package io.slipstream.processor.slo.sla;

import java.util.List;
import java.util.Map;

/**
 * One SLA's figures for one calendar period, with corrections applied: events in excluded minutes
 * count nowhere, events in attributed minutes count, and their bad ones are budget spent by planned
 * work rather than by incidents.
 *
 * @param period the period's label: {@code 2026-11} for a month, {@code 2026-W45} for a week
 * @param periodStart start, epoch ms (inclusive)
 * @param periodEnd end, epoch ms (exclusive)
 * @param closed whether the period is over; a partial report covers up to {@code generatedAt}
 * @param objective the SLA's objective (its highest credit threshold), a fraction
 * @param achievedSli good / total, null without events
 * @param met whether the achieved SLI reaches the objective (true without events)
 * @param creditPercent the credit owed, percent
 * @param errorBudgetEvents the SLO's budget in events: (1 − SLO target) × total
 * @param budgetSpentByIncidents bad events inside incidents (not planned) / budget; null without
 *     events; the same for the other fractions
 * @param groupKey for an SLA on a grouped SLO, the group reported on ({@code customer="acme"});
 *     empty otherwise and for the fleet summary
 * @param group the group's labels and values; empty otherwise
 * @param fleet set on the fleet summary of an SLA on a grouped SLO, else null
 */
public record SlaReport(
    String slaId,
    String sloId,
    String service,
    String period,
    String timeZone,
    long periodStart,
    long periodEnd,
    boolean closed,
    long generatedAt,
    double objective,
    double sloTarget,
    long goodEvents,
    long totalEvents,
    long excludedEvents,
    Double achievedSli,
    boolean met,
    double creditPercent,
    long badEvents,
    long plannedBadEvents,
    long incidentBadEvents,
    long otherBadEvents,
    double errorBudgetEvents,
    Double budgetSpent,
    Double budgetSpentByIncidents,
    Double budgetSpentByPlanned,
    List<String> corrections,
    List<IncidentReport> worstIncidents,
    String groupKey,
    Map<String, String> group,
    Fleet fleet) {

  /** This report as one group's: of the grouped SLO {@code sloId}, for {@code groupKey}. */
  public SlaReport forGroup(String groupSloId, String key, Map<String, String> labels) {
    return new SlaReport(
        slaId,
        groupSloId,
        service,
        period,
        timeZone,
        periodStart,
        periodEnd,
        closed,
        generatedAt,
        objective,
        sloTarget,
        goodEvents,
        totalEvents,
        excludedEvents,
        achievedSli,
        met,
        creditPercent,
        badEvents,
        plannedBadEvents,
        incidentBadEvents,
        otherBadEvents,
        errorBudgetEvents,
        budgetSpent,
        budgetSpentByIncidents,
        budgetSpentByPlanned,
        corrections,
        worstIncidents,
        key,
        Map.copyOf(labels),
        null);
  }

  /** The key of this report's record on the sla-reports topic. */
  public String recordKey() {
    return groupKey.isEmpty() ? slaId : slaId + "{" + groupKey + "}";
  }

  /**
   * How the groups of a grouped SLO fared in one period.
   *
   * @param creditTiers groups per credit owed (percent), 0 % left out
   * @param worstGroups the groups with the lowest achieved SLI, lowest first
   */
  public record Fleet(
      long groups,
      long groupsMet,
      long groupsOwedCredit,
      double creditPercentTotal,
      Map<Double, Long> creditTiers,
      List<GroupResult> worstGroups) {}

  /** One group's result in a period. */
  public record GroupResult(
      String groupKey,
      Double achievedSli,
      double creditPercent,
      long badEvents,
      long totalEvents) {}

  /**
   * One incident (overlapping pages and tickets merged) and the budget it spent.
   *
   * @param alerts its alert firings, e.g. {@code PAGE@2026-11-20T14:05:00Z}
   * @param resolvedAt null while it fires
   */
  public record IncidentReport(
      long from,
      long to,
      List<String> alerts,
      Long resolvedAt,
      long badEvents,
      Double budgetSpent,
      List<String> exemplarTraceIds) {}
}
