package io.slipstream.processor.slo.sla;

import io.slipstream.processor.slo.arithmetic.BurnRateMath;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The fleet summary of one period of an SLA on a grouped SLO, made from its groups' reports: how
 * many groups met the SLA, how many are owed a credit and how much in all, the worst groups, and
 * the event counts summed over the groups. Not thread-safe.
 */
public final class FleetSummary {
  /** How many of the worst groups the summary names. */
  static final int WORST_GROUPS = 10;

  private final SlaDefinition sla;
  private final String sloId;
  private final List<SlaReport> reports = new ArrayList<>();

  public FleetSummary(SlaDefinition sla, String sloId) {
    this.sla = sla;
    this.sloId = sloId;
  }

  /** Counts one group's report of the period. */
  public void add(SlaReport report) {
    reports.add(report);
  }

  /**
   * The summary as an SLA report keyed by the SLA id: counts are sums over the groups, {@code met}
   * says whether every group met the SLA and {@code creditPercent} is the groups' credits added up
   * (in percent of one group's bill).
   */
  public SlaReport report() {
    if (reports.isEmpty()) {
      throw new IllegalStateException("a fleet summary needs at least one group's report");
    }
    return report(reports.get(0));
  }

  /**
   * As {@link #report()}; without groups, a summary of none with the period and SLA figures of
   * {@code empty} (a report of the period without events).
   */
  public SlaReport reportOr(SlaReport empty) {
    return report(reports.isEmpty() ? empty : reports.get(0));
  }

  private SlaReport report(SlaReport first) {
    long good = 0;
    long total = 0;
    long excluded = 0;
    long bad = 0;
    long planned = 0;
    long inIncidents = 0;
    double budgetEvents = 0;
    long met = 0;
    long owed = 0;
    double credits = 0;
    Map<Double, Long> tiers = new TreeMap<>(Comparator.reverseOrder());
    TreeSet<String> corrections = new TreeSet<>();
    for (SlaReport report : reports) {
      good += report.goodEvents();
      total += report.totalEvents();
      excluded += report.excludedEvents();
      bad += report.badEvents();
      planned += report.plannedBadEvents();
      inIncidents += report.incidentBadEvents();
      budgetEvents += report.errorBudgetEvents();
      met += report.met() ? 1 : 0;
      if (report.creditPercent() > 0) {
        owed++;
        credits += report.creditPercent();
        tiers.merge(report.creditPercent(), 1L, Long::sum);
      }
      corrections.addAll(report.corrections());
    }
    List<SlaReport.GroupResult> worst =
        reports.stream()
            .sorted(
                Comparator.comparing(
                        (SlaReport report) ->
                            report.achievedSli() == null
                                ? Double.POSITIVE_INFINITY
                                : report.achievedSli())
                    .thenComparing(SlaReport::groupKey))
            .limit(WORST_GROUPS)
            .map(
                report ->
                    new SlaReport.GroupResult(
                        report.groupKey(),
                        report.achievedSli(),
                        report.creditPercent(),
                        report.badEvents(),
                        report.totalEvents()))
            .toList();
    Double sli = BurnRateMath.sli(good, total);
    return new SlaReport(
        sla.id(),
        sloId,
        first.service(),
        first.period(),
        first.timeZone(),
        first.periodStart(),
        first.periodEnd(),
        first.closed(),
        first.generatedAt(),
        first.objective(),
        first.sloTarget(),
        good,
        total,
        excluded,
        sli,
        met == reports.size(),
        credits,
        bad,
        planned,
        inIncidents,
        bad - planned - inIncidents,
        budgetEvents,
        BurnRateMath.budgetFraction(bad, total, first.sloTarget()),
        BurnRateMath.budgetFraction(inIncidents, total, first.sloTarget()),
        BurnRateMath.budgetFraction(planned, total, first.sloTarget()),
        List.copyOf(corrections),
        List.of(),
        "",
        Map.of(),
        new SlaReport.Fleet(reports.size(), met, owed, credits, tiers, worst));
  }
}
