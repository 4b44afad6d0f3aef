package io.slipstream.processor.slo.sla;

import io.slipstream.processor.slo.arithmetic.BurnRateMath;
import io.slipstream.processor.slo.corrections.AppliedCorrections;
import io.slipstream.processor.slo.corrections.SloCorrection;
import io.slipstream.processor.slo.spec.SloDefinition;
import io.slipstream.processor.slo.spec.SloDefinition.CalendarUnit;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Computes an {@link SlaReport} from an SLO's per-minute counts over one period, its corrections
 * and its incidents. Pure: the engine uses it when a period closes, the query API for any period
 * still kept.
 *
 * <p>The rules, per minute of [periodStart, end) where end is the period's end or {@code now} for
 * the current period: an excluded minute counts nowhere; every other minute counts in good and
 * total. Its bad events are planned when the minute is attributed; otherwise they belong to an
 * incident when the minute overlaps the incident's [from, resolved) (incidents that overlap merge
 * into one); otherwise they are "other" bad events, spent outside any alert.
 */
public final class SlaReportBuilder {
  private static final long MINUTE_MS = 60_000L;
  private static final long HOUR_MS = 3_600_000L;
  private static final int MAX_EXEMPLARS = 10;

  private SlaReportBuilder() {}

  /**
   * @param hours the SLO's per-minute counts by hour start, covering the period
   * @param incidents the SLO's incidents that may overlap the period, any order
   * @param now the current event time: the report covers minutes before it, and it is closed when
   *     the period ended before it
   */
  public static SlaReport build(
      SlaDefinition sla,
      SloDefinition slo,
      List<SloCorrection> corrections,
      long periodStart,
      long periodEnd,
      long now,
      Map<Long, ? extends HourOfMinutes> hours,
      List<Incident> incidents) {
    AppliedCorrections applied = new AppliedCorrections(corrections);
    long end = Math.min(periodEnd, now);
    List<Merged> merged = merge(incidents, periodStart, end);
    long good = 0;
    long total = 0;
    long excluded = 0;
    long planned = 0;
    long inIncidents = 0;
    for (long minute = periodStart; minute < end; minute += MINUTE_MS) {
      long hour = Math.floorDiv(minute, HOUR_MS) * HOUR_MS;
      HourOfMinutes counts = hours.get(hour);
      int index = (int) ((minute - hour) / MINUTE_MS);
      if (counts == null || counts.total(index) == 0) {
        continue;
      }
      long minuteGood = counts.good(index);
      long minuteTotal = counts.total(index);
      AppliedCorrections.Treatment treatment = applied.treatment(minute);
      if (treatment == AppliedCorrections.Treatment.EXCLUDED) {
        excluded += minuteTotal;
        continue;
      }
      good += minuteGood;
      total += minuteTotal;
      long bad = minuteTotal - minuteGood;
      if (bad == 0) {
        continue;
      }
      if (treatment == AppliedCorrections.Treatment.ATTRIBUTED) {
        planned += bad;
        continue;
      }
      for (Merged incident : merged) {
        if (minute + MINUTE_MS > incident.from && minute < incident.to) {
          incident.bad += bad;
          inIncidents += bad;
          break;
        }
      }
    }
    final long counted = total;
    double budgetEvents = BurnRateMath.budgetEvents(total, slo.target());
    Double sli = BurnRateMath.sli(good, total);
    long bad = total - good;
    List<SlaReport.IncidentReport> worst = new ArrayList<>();
    merged.stream()
        .sorted(Comparator.comparingLong((Merged m) -> -m.bad).thenComparingLong(m -> m.from))
        .limit(sla.worstIncidents())
        .forEach(
            m -> worst.add(m.report(BurnRateMath.budgetFraction(m.bad, counted, slo.target()))));
    return new SlaReport(
        sla.id(),
        slo.id(),
        slo.service(),
        label(sla, periodStart),
        sla.zone().getId(),
        periodStart,
        periodEnd,
        now >= periodEnd,
        now,
        sla.objective(),
        slo.target(),
        good,
        total,
        excluded,
        sli,
        sla.met(sli),
        sla.creditFor(sli),
        bad,
        planned,
        inIncidents,
        bad - planned - inIncidents,
        budgetEvents,
        BurnRateMath.budgetFraction(bad, total, slo.target()),
        BurnRateMath.budgetFraction(inIncidents, total, slo.target()),
        BurnRateMath.budgetFraction(planned, total, slo.target()),
        corrections.stream()
            .filter(c -> c.overlaps(periodStart, periodEnd))
            .map(SloCorrection::id)
            .toList(),
        worst,
        "",
        Map.of(),
        null);
  }

  /** The label of the period starting at {@code start}: 2026-11, or 2026-W45 for weeks. */
  public static String label(SlaDefinition sla, long start) {
    LocalDate date = Instant.ofEpochMilli(start).atZone(sla.zone()).toLocalDate();
    if (sla.unit() == CalendarUnit.WEEK) {
      return String.format(
          "%d-W%02d",
          date.get(IsoFields.WEEK_BASED_YEAR), date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }
    return String.format("%d-%02d", date.getYear(), date.getMonthValue());
  }

  /** Incidents clipped to [from, to), overlapping ones merged, by start. */
  private static List<Merged> merge(List<Incident> incidents, long from, long to) {
    List<Incident> sorted = new ArrayList<>(incidents);
    sorted.sort(Comparator.comparingLong(Incident::fromMs));
    List<Merged> merged = new ArrayList<>();
    for (Incident incident : sorted) {
      long start = Math.max(from, incident.fromMs());
      long end = Math.min(to, incident.resolvedAt() == null ? to : incident.resolvedAt());
      if (end <= start) {
        continue;
      }
      Merged last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      if (last != null && start < last.to) {
        last.add(incident, end);
      } else {
        Merged next = new Merged(start);
        next.add(incident, end);
        merged.add(next);
      }
    }
    return merged;
  }

  /** One merged incident being counted. */
  private static final class Merged {
    final long from;
    long to;
    long bad;
    Long resolvedAt;
    boolean open;
    final List<String> alerts = new ArrayList<>();
    final LinkedHashSet<String> exemplars = new LinkedHashSet<>();

    Merged(long from) {
      this.from = from;
    }

    void add(Incident incident, long end) {
      to = Math.max(to, end);
      alerts.add(incident.severity() + "@" + Instant.ofEpochMilli(incident.firedAt()));
      if (incident.resolvedAt() == null) {
        open = true;
      } else {
        resolvedAt =
            resolvedAt == null
                ? incident.resolvedAt()
                : Math.max(resolvedAt, incident.resolvedAt());
      }
      for (String id : incident.exemplarTraceIds()) {
        if (exemplars.size() < MAX_EXEMPLARS) {
          exemplars.add(id);
        }
      }
    }

    SlaReport.IncidentReport report(Double budgetSpent) {
      return new SlaReport.IncidentReport(
          from,
          to,
          List.copyOf(alerts),
          open ? null : resolvedAt,
          bad,
          budgetSpent,
          List.copyOf(exemplars));
    }
  }
}
