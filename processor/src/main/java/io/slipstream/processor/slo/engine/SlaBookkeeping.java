package io.slipstream.processor.slo.engine;

import io.slipstream.processor.slo.corrections.SloCorrection;
import io.slipstream.processor.slo.sla.FleetSummary;
import io.slipstream.processor.slo.sla.Incident;
import io.slipstream.processor.slo.sla.SlaDefinition;
import io.slipstream.processor.slo.sla.SlaRegistry;
import io.slipstream.processor.slo.sla.SlaReport;
import io.slipstream.processor.slo.sla.SlaReportBuilder;
import io.slipstream.processor.slo.spec.CalendarPeriods;
import io.slipstream.processor.slo.spec.SloDefinition;
import io.slipstream.processor.store.LiveWindowStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * What the engine keeps for SLA reports: every page and ticket as an {@link Incident}, and for each
 * SLA the period it last reported, so that each closed period is reported exactly once (the
 * progress is stored with the task's state, so a restart neither repeats nor skips a report).
 */
public final class SlaBookkeeping {
  private static final long HOUR_MS = PeriodCounter.HOUR_MS;

  /** Incidents are looked up this far before a period, for those that started before it. */
  private static final long INCIDENT_LOOKBACK_MS = 7 * 24 * HOUR_MS;

  private final SlaRegistry slas;
  private final KeyValueStore<String, Incident> incidents;
  private final KeyValueStore<String, Long> progress;
  private final long retentionMs;

  /**
   * The fleet summaries of the periods the groups of grouped SLOs reported in this evaluation, by
   * SLA id and period start: all of an SLO's instances are evaluated in one pass, so each period's
   * summary is complete when the pass ends ({@link #publishFleets}).
   */
  private final Map<String, FleetSummary> fleets = new java.util.LinkedHashMap<>();

  /**
   * @param progress per SLA id, the start of the period in progress when last looked at
   * @param retentionMs how long incidents are kept (the per-minute counts' retention)
   */
  public SlaBookkeeping(
      SlaRegistry slas,
      KeyValueStore<String, Incident> incidents,
      KeyValueStore<String, Long> progress,
      long retentionMs) {
    this.slas = slas;
    this.incidents = incidents;
    this.progress = progress;
    this.retentionMs = retentionMs;
  }

  /** A page or ticket fired at {@code now}; its incident starts {@code shortWindowMs} before. */
  void fired(String sloId, String severity, long now, long shortWindowMs, List<String> exemplars) {
    incidents.put(
        Incident.key(sloId, now, severity),
        new Incident(severity, now, now - shortWindowMs, null, exemplars));
    // Firing is rare: a good moment to forget this SLO's incidents past the retention.
    List<String> expired = new ArrayList<>();
    try (KeyValueIterator<String, Incident> old =
        incidents.range(Incident.prefix(sloId, 0), Incident.prefix(sloId, now - retentionMs))) {
      old.forEachRemaining(entry -> expired.add(entry.key));
    }
    expired.forEach(incidents::delete);
  }

  /** The page or ticket that fired at {@code firedAt} resolved at {@code now}. */
  void resolved(String sloId, String severity, long firedAt, long now) {
    String key = Incident.key(sloId, firedAt, severity);
    Incident incident = incidents.get(key);
    if (incident != null) {
      incidents.put(key, incident.resolved(now));
    }
  }

  /**
   * Reports every period of {@code definition}'s SLAs that has closed by {@code closedBefore} and
   * was not reported yet. For an instance of a grouped SLO ({@code group} not null), the SLAs are
   * those of the grouped SLO, reported per group, and the group counts in the period's fleet
   * summary.
   *
   * @param id the SLO's id, or the instance id: what its counts are stored under
   * @return until when the SLAs' periods are reported, and when the next one closes
   */
  SlaSchedule reportClosedPeriods(
      String id,
      SloDefinition definition,
      SloGroup group,
      List<SloCorrection> corrections,
      long closedBefore,
      long graceMs,
      LiveWindowStore<String, MinuteCounts> minutes,
      SloOutput output) {
    long nextDue = Long.MAX_VALUE;
    long reportedUntil = Long.MAX_VALUE;
    for (SlaDefinition sla : slas.forSlo(group == null ? definition.id() : group.sloId())) {
      String progressKey = group == null ? sla.id() : sla.id() + "{" + group.key() + "}";
      long current = CalendarPeriods.start(sla.unit(), sla.zone(), closedBefore);
      nextDue = Math.min(nextDue, CalendarPeriods.next(sla.unit(), sla.zone(), current));
      Long last = progress.get(progressKey);
      if (last == null) {
        // First sight of this SLA (or group): its reports start with the period in progress.
        long from = CalendarPeriods.start(sla.unit(), sla.zone(), closedBefore + graceMs);
        progress.put(progressKey, from);
        reportedUntil = Math.min(reportedUntil, from);
        continue;
      }
      if (last < current) {
        for (long start = last; start < current; ) {
          long end = CalendarPeriods.next(sla.unit(), sla.zone(), start);
          SlaReport report =
              report(sla, id, definition, corrections, start, end, closedBefore, minutes);
          if (group != null) {
            report = report.forGroup(group.sloId(), group.key(), group.asMap());
            fleets
                .computeIfAbsent(
                    sla.id() + "@" + start, key -> new FleetSummary(sla, group.sloId()))
                .add(report);
          }
          output.slaReport(report);
          start = end;
        }
        progress.put(progressKey, current);
      }
      reportedUntil = Math.min(reportedUntil, Math.max(last, current));
    }
    return reportedUntil == Long.MAX_VALUE && nextDue == Long.MAX_VALUE
        ? SlaSchedule.NONE
        : new SlaSchedule(reportedUntil, nextDue);
  }

  /** Changes whenever an SLA is put or removed, so that schedules are looked at again. */
  long slaVersion() {
    return slas.version();
  }

  /**
   * Where an SLO's SLA reports stand.
   *
   * @param reportedUntil every period ending by then is reported ({@code Long.MAX_VALUE} without
   *     SLAs)
   * @param nextDue when the next period closes: nothing is due before
   */
  record SlaSchedule(long reportedUntil, long nextDue) {
    /** The schedule of an SLO without SLAs, shared: one each would take 32 bytes per instance. */
    static final SlaSchedule NONE = new SlaSchedule(Long.MAX_VALUE, Long.MAX_VALUE);
  }

  /** Publishes the fleet summaries of the periods groups reported since the last call. */
  void publishFleets(SloOutput output) {
    fleets.values().forEach(fleet -> output.slaReport(fleet.report()));
    fleets.clear();
  }

  /** Forgets the SLA progress of an instance that ended. */
  void forget(SloGroup group) {
    for (SlaDefinition sla : slas.forSlo(group.sloId())) {
      progress.delete(sla.id() + "{" + group.key() + "}");
    }
  }

  private SlaReport report(
      SlaDefinition sla,
      String id,
      SloDefinition definition,
      List<SloCorrection> corrections,
      long start,
      long end,
      long now,
      LiveWindowStore<String, MinuteCounts> minutes) {
    Map<Long, MinuteCounts> hours = new HashMap<>();
    minutes.forEachWindow(id, Math.floorDiv(start, HOUR_MS) * HOUR_MS, end - 1, hours::put);
    return SlaReportBuilder.build(
        sla, definition, corrections, start, end, now, hours, incidents(id, start, end));
  }

  /** {@code sloId}'s incidents that may overlap [start, end), read from {@code store}. */
  public static List<Incident> incidents(
      org.apache.kafka.streams.state.ReadOnlyKeyValueStore<String, Incident> store,
      String sloId,
      long start,
      long end) {
    List<Incident> found = new ArrayList<>();
    try (KeyValueIterator<String, Incident> range =
        store.range(
            Incident.prefix(sloId, start - INCIDENT_LOOKBACK_MS), Incident.prefix(sloId, end))) {
      while (range.hasNext()) {
        KeyValue<String, Incident> entry = range.next();
        found.add(entry.value);
      }
    }
    return found;
  }

  private List<Incident> incidents(String sloId, long start, long end) {
    return incidents(incidents, sloId, start, end);
  }
}
