package io.slipstream.processor.slo.sla;

import io.slipstream.avro.SlaFleet;
import io.slipstream.avro.SlaGroupResult;
import io.slipstream.avro.SlaIncident;
import io.slipstream.avro.SlaPeriodReport;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Converts {@link SlaReport}s to the {@link SlaPeriodReport} records of the sla-reports topic. */
public final class SlaReportRecords {
  private SlaReportRecords() {}

  public static SlaPeriodReport toRecord(SlaReport report) {
    return SlaPeriodReport.newBuilder()
        .setSlaId(report.slaId())
        .setSloId(report.sloId())
        .setService(report.service())
        .setPeriod(report.period())
        .setTimeZone(report.timeZone())
        .setPeriodStart(Instant.ofEpochMilli(report.periodStart()))
        .setPeriodEnd(Instant.ofEpochMilli(report.periodEnd()))
        .setGeneratedAt(Instant.ofEpochMilli(report.generatedAt()))
        .setObjective(report.objective())
        .setSloTarget(report.sloTarget())
        .setGoodEvents(report.goodEvents())
        .setTotalEvents(report.totalEvents())
        .setExcludedEvents(report.excludedEvents())
        .setAchievedSli(report.achievedSli())
        .setMet(report.met())
        .setCreditPercent(report.creditPercent())
        .setBadEvents(report.badEvents())
        .setPlannedBadEvents(report.plannedBadEvents())
        .setIncidentBadEvents(report.incidentBadEvents())
        .setOtherBadEvents(report.otherBadEvents())
        .setBudgetSpent(report.budgetSpent())
        .setBudgetSpentByIncidents(report.budgetSpentByIncidents())
        .setBudgetSpentByPlanned(report.budgetSpentByPlanned())
        .setCorrections(report.corrections())
        .setWorstIncidents(
            report.worstIncidents().stream()
                .<SlaIncident>map(
                    incident ->
                        SlaIncident.newBuilder()
                            .setFrom(Instant.ofEpochMilli(incident.from()))
                            .setTo(Instant.ofEpochMilli(incident.to()))
                            .setAlerts(incident.alerts())
                            .setResolvedAt(
                                incident.resolvedAt() == null
                                    ? null
                                    : Instant.ofEpochMilli(incident.resolvedAt()))
                            .setBadEvents(incident.badEvents())
                            .setBudgetSpent(incident.budgetSpent())
                            .setExemplarTraceIds(incident.exemplarTraceIds())
                            .build())
                .toList())
        .setGroupKey(report.groupKey())
        .setGroup(report.group())
        .setFleet(report.fleet() == null ? null : fleet(report.fleet()))
        .build();
  }

  private static SlaFleet fleet(SlaReport.Fleet fleet) {
    Map<String, Long> tiers = new LinkedHashMap<>();
    fleet.creditTiers().forEach((percent, groups) -> tiers.put(percent.toString(), groups));
    return SlaFleet.newBuilder()
        .setGroups(fleet.groups())
        .setGroupsMet(fleet.groupsMet())
        .setGroupsOwedCredit(fleet.groupsOwedCredit())
        .setCreditPercentTotal(fleet.creditPercentTotal())
        .setCreditTiers(tiers)
        .setWorstGroups(
            fleet.worstGroups().stream()
                .map(
                    group ->
                        SlaGroupResult.newBuilder()
                            .setGroupKey(group.groupKey())
                            .setAchievedSli(group.achievedSli())
                            .setCreditPercent(group.creditPercent())
                            .setBadEvents(group.badEvents())
                            .setTotalEvents(group.totalEvents())
                            .build())
                .toList())
        .build();
  }
}
