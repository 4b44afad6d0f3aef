package io.slipstream.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.slipstream.avro.AlertState;
import io.slipstream.avro.RequestEvent;
import io.slipstream.avro.Severity;
import io.slipstream.avro.SlaIncident;
import io.slipstream.avro.SlaPeriodReport;
import io.slipstream.avro.SloAlert;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A month of traffic with two maintenance windows and one outage, through the production topology:
 * the SLA report published when the month closes must match a hand computation.
 *
 * <p>November 2026 (UTC, 30 days): one request every 15 minutes, 96 a day, 2,880 in all, good
 * unless stated. Three things happen:
 *
 * <ul>
 *   <li>7 Nov 02:00–04:00, excluded maintenance (pages not silenced): its 8 requests fail, and are
 *       left out;
 *   <li>14 Nov 22:00–23:00, attributed maintenance (pages silenced): its 4 requests fail, and are
 *       planned spend; the page that would fire at 22:00 is silenced;
 *   <li>20 Nov 14:00:00–14:14:50, an outage: a failing request every 10 s, 90 (one of them, 14:00,
 *       on the regular schedule), so 89 more requests. The page fires at 14:00:00 (1h and 5m burn
 *       above 14.4) and resolves at 14:30:00, the first evaluation without a failure in the 5m
 *       window (at 14:15 the minutes 14:11–14:14 still fail).
 * </ul>
 *
 * By hand: raw requests 2,880 + 89 = 2,969; excluded 8; counted 2,961; bad 90 + 4 = 94; good 2,867;
 * SLI 2,867 / 2,961 = 96.825 %: below 99.9 and 99, not 95, so 25 % credit. Budget 0.1 % of 2,961 =
 * 2.961 events: all bad 94 / 2.961 = 31.75 budgets, incidents 90 / 2.961 = 30.39, planned 4 / 2.961
 * = 1.351. The one incident runs from 13:55 (5m before firing) to 14:30 and holds all 90 outage
 * failures.
 */
class SlaReportTest {
  private static final long MINUTE = 60_000;
  private static final long NOV_1 = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
  private static final long DEC_1 = Instant.parse("2026-12-01T00:00:00Z").toEpochMilli();
  private static final long EXCLUDED_FROM = Instant.parse("2026-11-07T02:00:00Z").toEpochMilli();
  private static final long EXCLUDED_TO = Instant.parse("2026-11-07T04:00:00Z").toEpochMilli();
  private static final long PLANNED_FROM = Instant.parse("2026-11-14T22:00:00Z").toEpochMilli();
  private static final long PLANNED_TO = Instant.parse("2026-11-14T23:00:00Z").toEpochMilli();
  private static final long OUTAGE_FROM = Instant.parse("2026-11-20T14:00:00Z").toEpochMilli();
  private static final long OUTAGE_TO = Instant.parse("2026-11-20T14:15:00Z").toEpochMilli();

  private static final String SLO =
      """
      apiVersion: openslo/v1
      kind: SLO
      metadata:
        name: shop-availability
        annotations:
          slipstream.io/min-events: "1"
          slipstream.io/resolve-hold-down: "0"
          slipstream.io/no-data-after: none
      spec:
        service: shop
        budgetingMethod: Occurrences
        timeWindow:
          - duration: 1M
            isRolling: false
            calendar:
              startTime: 2024-01-01 00:00:00
              timeZone: UTC
        indicator:
          metadata:
            name: shop-errors
          spec:
            ratioMetric:
              counter: true
              bad:
                metricSource:
                  type: slipstream
                  spec:
                    errors: true
              total:
                metricSource:
                  type: slipstream
                  spec: {}
        objectives:
          - target: 0.999
        alertPolicies:
          - kind: AlertPolicy
            metadata:
              name: fast-burn
            spec:
              conditions:
                - kind: AlertCondition
                  metadata:
                    name: page-fast
                  spec:
                    severity: page
                    condition:
                      kind: burnrate
                      op: gt
                      threshold: 14.4
                      lookbackWindow: 1h
                      alertAfter: 5m
      """;

  private static final String SLA =
      """
      apiVersion: slipstream.io/v1
      kind: SLA
      metadata:
        name: shop-monthly
      spec:
        slo: shop-availability
        period: month
        timeZone: UTC
        credits:
          - {below: 99.9, credit: 10}
          - {below: 99, credit: 25}
          - {below: 95, credit: 100}
      """;

  private TopologyFixture fixture;

  @BeforeEach
  void start() {
    fixture =
        TopologyFixture.replaying(
            TopologyFixture.inMemoryRegistry(),
            TopologyFixture.uniquePrefix(),
            Instant.ofEpochMilli(NOV_1),
            Duration.ofDays(30));
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void shouldReportTheMonthAsComputedByHand() {
    fixture.sloDefinitions.pipeInput("shop-availability", SLO);
    fixture.slaDefinitions.pipeInput("shop-monthly", SLA);
    fixture.sloCorrections.pipeInput(
        "db-upgrade", correction("db-upgrade", "2026-11-07T02:00Z", "2h", "exclude", false));
    fixture.sloCorrections.pipeInput(
        "lb-migration", correction("lb-migration", "2026-11-14T22:00Z", "1h", "attribute", true));

    TreeSet<Long> times = new TreeSet<>();
    for (long t = NOV_1; t < DEC_1; t += 15 * MINUTE) {
      times.add(t);
    }
    for (long t = OUTAGE_FROM; t < OUTAGE_TO; t += 10_000) {
      times.add(t);
    }
    Set<String> outageTraces = new HashSet<>();
    for (long t : times) {
      boolean bad =
          (t >= EXCLUDED_FROM && t < EXCLUDED_TO)
              || (t >= PLANNED_FROM && t < PLANNED_TO)
              || (t >= OUTAGE_FROM && t < OUTAGE_TO);
      RequestEvent event = TopologyFixture.event("shop", "GET /cart", t, 5_000, bad ? 503 : 200);
      if (t >= OUTAGE_FROM && t < OUTAGE_TO) {
        outageTraces.add(event.getTraceId());
      }
      fixture.send(event);
      fixture.sloBurnRates.readValuesToList(); // not needed here; keeps the driver's queue small
    }
    assertThat(times).hasSize(2_969);
    assertThat(fixture.slaReports.isEmpty()).as("no report before the month closes").isTrue();
    fixture.send(TopologyFixture.event("shop", "GET /cart", DEC_1 + 10 * MINUTE, 5_000, 200));

    List<SloAlert> pages =
        fixture.sloAlerts.readValuesToList().stream()
            .filter(alert -> alert.getSeverity() == Severity.PAGE)
            .toList();
    assertThat(pages)
        .extracting(
            alert ->
                alert.getState()
                    + "@"
                    + alert.getTransitionAt()
                    + (alert.getSilencedBy().isEmpty()
                        ? ""
                        : " silenced by " + alert.getSilencedBy()))
        .containsExactly(
            "RESOLVED@2026-11-14T22:00:00Z silenced by [lb-migration]",
            // Evaluated every 10 s: the tick at 14:00:10 is the first to count the outage's first
            // request; the last one, at 14:14:50, leaves the 5-minute window at 14:20:00.
            "FIRING@2026-11-20T14:00:10Z",
            "RESOLVED@2026-11-20T14:20:00Z");
    assertThat(pages.get(1).getState()).isEqualTo(AlertState.FIRING);

    List<SlaPeriodReport> reports = fixture.slaReports.readValuesToList();
    assertThat(reports).hasSize(1);
    SlaPeriodReport report = reports.get(0);
    assertThat(report.getSlaId()).isEqualTo("shop-monthly");
    assertThat(report.getPeriod()).isEqualTo("2026-11");
    assertThat(report.getPeriodStart().toEpochMilli()).isEqualTo(NOV_1);
    assertThat(report.getPeriodEnd().toEpochMilli()).isEqualTo(DEC_1);
    assertThat(report.getTotalEvents()).isEqualTo(2_961);
    assertThat(report.getExcludedEvents()).isEqualTo(8);
    assertThat(report.getGoodEvents()).isEqualTo(2_867);
    assertThat(report.getBadEvents()).isEqualTo(94);
    assertThat(report.getAchievedSli()).isCloseTo(2_867.0 / 2_961, within(1e-12));
    assertThat(report.getAchievedSli()).isCloseTo(0.96825, within(1e-5));
    assertThat(report.getMet()).isFalse();
    assertThat(report.getCreditPercent()).isEqualTo(25.0);
    assertThat(report.getPlannedBadEvents()).isEqualTo(4);
    assertThat(report.getIncidentBadEvents()).isEqualTo(90);
    assertThat(report.getOtherBadEvents()).isZero();
    assertThat(report.getBudgetSpent()).isCloseTo(94 / 2.961, within(1e-9));
    assertThat(report.getBudgetSpentByIncidents()).isCloseTo(90 / 2.961, within(1e-9));
    assertThat(report.getBudgetSpentByPlanned()).isCloseTo(4 / 2.961, within(1e-9));
    assertThat(report.getCorrections()).containsExactly("db-upgrade", "lb-migration");

    assertThat(report.getWorstIncidents()).hasSize(1);
    SlaIncident incident = report.getWorstIncidents().get(0);
    assertThat(incident.getFrom()).isEqualTo(Instant.parse("2026-11-20T13:55:10Z"));
    assertThat(incident.getTo()).isEqualTo(Instant.parse("2026-11-20T14:20:00Z"));
    assertThat(incident.getResolvedAt()).isEqualTo(Instant.parse("2026-11-20T14:20:00Z"));
    assertThat(incident.getAlerts()).containsExactly("PAGE@2026-11-20T14:00:10Z");
    assertThat(incident.getBadEvents()).isEqualTo(90);
    assertThat(incident.getBudgetSpent()).isCloseTo(90 / 2.961, within(1e-9));
    assertThat(incident.getExemplarTraceIds()).isNotEmpty();
    assertThat(outageTraces).containsAll(incident.getExemplarTraceIds());
  }

  private static String correction(
      String id, String start, String duration, String action, boolean silencePages) {
    return io.slipstream.processor.slo.corrections.CorrectionDocument.write(
        io.slipstream.processor.slo.corrections.CorrectionDocument.read(
            io.slipstream.processor.slo.documents.DocumentReader.documents(
                    """
                    apiVersion: slipstream.io/v1
                    kind: SloCorrection
                    metadata:
                      name: %s
                    spec:
                      slos: [shop-availability]
                      start: %s
                      duration: %s
                      action: %s
                      reason: planned maintenance
                      filedBy: sre
                      silencePages: %s
                    """
                        .formatted(id, start, duration, action, silencePages))
                .get(0),
            NOV_1,
            false));
  }
}
