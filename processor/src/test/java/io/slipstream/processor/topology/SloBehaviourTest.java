package io.slipstream.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.avro.AlertState;
import io.slipstream.avro.BurnRateEvaluation;
import io.slipstream.avro.Outcome;
import io.slipstream.avro.RequestEvent;
import io.slipstream.avro.Severity;
import io.slipstream.avro.SloAlert;
import io.slipstream.avro.WindowBurnRate;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SLO engine behaviours beyond the Workbook scenarios: time slices, guards, no-data, removal. */
class SloBehaviourTest {
  private static final long T0 = 1_700_002_800_000L;
  private static final long MINUTE = 60_000;
  private static final long HOUR = 60 * MINUTE;

  private TopologyFixture fixture;

  @BeforeEach
  void start() {
    fixture =
        TopologyFixture.replaying(
            TopologyFixture.inMemoryRegistry(),
            TopologyFixture.uniquePrefix(),
            Instant.ofEpochMilli(T0),
            Duration.ofDays(30));
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void shouldCountMinutesWhosePercentileBreaksTheThresholdAsBadSlices() {
    fixture.define(
        "search-latency-p99", Path.of("../examples/slos/search-latency-timeslices.yaml"));
    for (long t = T0; t < T0 + 10 * MINUTE; t += 1_000) {
      long minute = (t - T0) / MINUTE;
      long latency = minute == 5 || minute == 6 ? 400_000 : 20_000;
      fixture.send(event("search", t, latency, false));
    }
    // Slices are decided once their end plus the grace has passed.
    fixture.send(event("search", T0 + 12 * MINUTE, 20_000, false));

    BurnRateEvaluation last = lastEvaluation();
    WindowBurnRate thirtyMinutes = window(last, "30m");
    assertThat(thirtyMinutes.getTotalEvents()).as("slices with traffic").isEqualTo(10);
    assertThat(thirtyMinutes.getGoodEvents()).isEqualTo(8);
    assertThat(last.getPeriodTotalEvents()).isEqualTo(10);
    assertThat(last.getPeriodGoodEvents()).isEqualTo(8);
  }

  @Test
  void shouldNotPageForAHandfulOfFailuresOnLittleTraffic() {
    fixture.define("checkout-availability", Path.of("../examples/slos/checkout-availability.yaml"));
    // Three failures out of four requests at night: burn rates are huge, but too few events.
    fixture.send(event("checkout", T0, 10_000, false));
    fixture.send(event("checkout", T0 + 1_000, 10_000, true));
    fixture.send(event("checkout", T0 + 2_000, 10_000, true));
    fixture.send(event("checkout", T0 + 3_000, 10_000, true));
    fixture.send(event("checkout", T0 + 30_000, 10_000, false));

    assertThat(window(lastEvaluation(), "1h").getBurnRate()).isGreaterThan(14.4);
    assertThat(fixture.sloAlerts.readValuesToList()).isEmpty();
  }

  @Test
  void shouldNotOpenATicketWhileThePageFires() {
    // A ticket rule that needs a faster burn than the page rule starts to hold only after the page
    // fires: it must stay quiet while the page is firing.
    fixture.sloDefinitions.pipeInput(
        "checkout-availability",
        """
        apiVersion: openslo/v1
        kind: SLO
        metadata:
          name: checkout-availability
        spec:
          service: checkout
          budgetingMethod: Occurrences
          timeWindow:
            - duration: 30d
              isRolling: true
          indicator:
            metadata:
              name: checkout-errors
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
                name: policy
              spec:
                conditions:
                  - kind: AlertCondition
                    metadata:
                      name: page
                    spec:
                      severity: page
                      condition: {kind: burnrate, op: gt, threshold: 2, lookbackWindow: 1h, alertAfter: 5m}
                  - kind: AlertCondition
                    metadata:
                      name: ticket
                    spec:
                      severity: ticket
                      condition: {kind: burnrate, op: gt, threshold: 10, lookbackWindow: 2h, alertAfter: 10m}
        """);
    for (long t = T0; t < T0 + 2 * HOUR; t += 5_000) {
      fixture.send(event("checkout", t, 10_000, false));
    }
    for (long t = T0 + 2 * HOUR; t < T0 + 2 * HOUR + 20 * MINUTE; t += 5_000) {
      fixture.send(event("checkout", t, 10_000, true));
    }

    List<SloAlert> alerts = fixture.sloAlerts.readValuesToList();
    assertThat(alerts)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.getSeverity()).isEqualTo(Severity.PAGE);
              assertThat(a.getState()).isEqualTo(AlertState.FIRING);
            });
    BurnRateEvaluation last = lastEvaluation();
    assertThat(window(last, "2h").getBurnRate()).as("the ticket rule holds").isGreaterThan(10);
    assertThat(window(last, "10m").getBurnRate()).isGreaterThan(10);
  }

  @Test
  void shouldRaiseNoDataWhenEventsStopAndClearItWhenTheyReturn() {
    fixture.define("checkout-availability", Path.of("../examples/slos/checkout-availability.yaml"));
    fixture.driver.advanceWallClockTime(Duration.ofSeconds(1));
    for (long t = T0; t < T0 + 5 * MINUTE; t += 5_000) {
      fixture.send(event("checkout", t, 10_000, false));
    }
    // Nothing arrives for 40 minutes of wall-clock time: event time follows the wall clock.
    for (int i = 0; i < 240; i++) {
      fixture.driver.advanceWallClockTime(Duration.ofSeconds(10));
    }
    List<SloAlert> silent = fixture.sloAlerts.readValuesToList();
    assertThat(silent)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.getSeverity()).isEqualTo(Severity.NO_DATA);
              assertThat(a.getState()).isEqualTo(AlertState.FIRING);
            });

    long back = lastEvaluation().getEvaluatedAt().toEpochMilli();
    fixture.send(event("checkout", back, 10_000, false));
    fixture.send(event("checkout", back + 20_000, 10_000, false));
    assertThat(fixture.sloAlerts.readValuesToList())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.getSeverity()).isEqualTo(Severity.NO_DATA);
              assertThat(a.getState()).isEqualTo(AlertState.RESOLVED);
            });
  }

  @Test
  void shouldStopEvaluatingARemovedSlo() {
    fixture.define("checkout-availability", Path.of("../examples/slos/checkout-availability.yaml"));
    fixture.send(event("checkout", T0, 10_000, false));
    fixture.send(event("checkout", T0 + 20_000, 10_000, false));
    assertThat(fixture.sloBurnRates.readValuesToList()).isNotEmpty();

    fixture.sloDefinitions.pipeInput("checkout-availability", (String) null);
    fixture.send(event("checkout", T0 + 40_000, 10_000, false));
    fixture.send(event("checkout", T0 + 60_000, 10_000, false));

    assertThat(fixture.sloBurnRates.readValuesToList()).isEmpty();
  }

  private BurnRateEvaluation lastEvaluation() {
    List<BurnRateEvaluation> all = fixture.sloBurnRates.readValuesToList();
    assertThat(all).isNotEmpty();
    return all.get(all.size() - 1);
  }

  private static WindowBurnRate window(BurnRateEvaluation evaluation, String name) {
    return evaluation.getWindows().stream()
        .filter(w -> w.getWindow().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static RequestEvent event(String service, long time, long latency, boolean error) {
    return RequestEvent.newBuilder()
        .setService(service)
        .setOperation("GET /q")
        .setTimestamp(Instant.ofEpochMilli(time))
        .setLatencyMicros(latency)
        .setStatusCode(error ? 500 : 200)
        .setOutcome(error ? Outcome.ERROR : Outcome.SUCCESS)
        .build();
  }
}
