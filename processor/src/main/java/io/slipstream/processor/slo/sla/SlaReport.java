package io.slipstream.processor.slo.sla;

import java.util.List;

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
    List<IncidentReport> worstIncidents) {

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
