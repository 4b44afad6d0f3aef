package io.slipstream.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.avro.BurnRateEvaluation;
import io.slipstream.avro.Outcome;
import io.slipstream.avro.RequestEvent;
import io.slipstream.avro.Severity;
import io.slipstream.avro.SloAlert;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Judges the SLO engine against {@link BurnRateOracle} over random streams: steady and bursty
 * traffic, error bursts, and events arriving out of order within the grace period. Every published
 * evaluation must carry exactly the oracle's window counts, burn rates and budget for the events
 * that had arrived when it was made, and the page alert must fire and resolve exactly when the
 * oracle's rules say.
 */
class SloEnginePropertyTest {
  private static final long T0 = 1_700_002_800_000L;
  private static final long MINUTE = 60_000;
  private static final long GRACE = 60_000;

  /** A request at an offset from T0, an arrival jitter, and whether it fails. */
  record Spec(long offset, long arrivalJitter, boolean error, int copies) {}

  @Property(tries = 30)
  void shouldPublishExactlyWhatTheOracleComputes(@ForAll("streams") List<Spec> specs) {
    List<RequestEvent> arrivals = new ArrayList<>();
    specs.stream()
        .sorted(Comparator.comparingLong(s -> s.offset() + s.arrivalJitter()))
        .forEach(
            spec -> {
              for (int copy = 0; copy < spec.copies(); copy++) {
                arrivals.add(event(T0 + spec.offset(), spec.error()));
              }
            });
    BurnRateOracle oracle =
        new BurnRateOracle(PageRuleOracle.TARGET, PageRuleOracle.PERIOD.toMillis());
    PageRuleOracle oracleAlerts = new PageRuleOracle();
    List<SloAlert> published = new ArrayList<>();
    int evaluations = 0;

    try (TopologyFixture fixture = fixture()) {
      fixture.sloDefinitions.pipeInput("checkout-availability", PageRuleOracle.SLO);
      for (RequestEvent event : arrivals) {
        fixture.send(event);
        oracle.arrive(event);
        for (BurnRateEvaluation evaluation : fixture.sloBurnRates.readValuesToList()) {
          oracle.assertMatches(evaluation);
          oracleAlerts.evaluate(oracle, evaluation.getEvaluatedAt().toEpochMilli());
          evaluations++;
        }
        published.addAll(fixture.sloAlerts.readValuesToList());
      }
    }
    assertThat(evaluations).isPositive();
    assertThat(
            published.stream()
                .filter(a -> a.getSeverity() == Severity.PAGE)
                .map(PageRuleOracle::describe)
                .toList())
        .isEqualTo(oracleAlerts.transitions());
  }

  /**
   * Sparse traffic over four days, so that every window up to 3 days has its oldest minute cut by
   * the tick: each published window must hold exactly the events in [tick − w, tick).
   */
  @Property(tries = 3)
  void shouldHoldExactlyTheEventsOfEveryWindowUpToThreeDaysAtEveryTick(
      @ForAll("days") List<Spec> specs) {
    List<RequestEvent> arrivals = new ArrayList<>();
    specs.stream()
        .sorted(Comparator.comparingLong(Spec::offset))
        .forEach(spec -> arrivals.add(event(T0 + spec.offset(), spec.error())));
    BurnRateOracle oracle =
        new BurnRateOracle(PageRuleOracle.TARGET, PageRuleOracle.PERIOD.toMillis());
    int evaluations = 0;
    try (TopologyFixture fixture = fixture()) {
      fixture.sloDefinitions.pipeInput("checkout-availability", PageRuleOracle.SLO);
      for (RequestEvent event : arrivals) {
        fixture.send(event);
        oracle.arrive(event);
        for (BurnRateEvaluation evaluation : fixture.sloBurnRates.readValuesToList()) {
          oracle.assertMatches(evaluation);
          evaluations++;
        }
      }
    }
    assertThat(evaluations).as("ticks evaluated").isGreaterThan(20_000);
  }

  @Provide
  Arbitrary<List<Spec>> days() {
    return Combinators.combine(
            Arbitraries.longs().between(0, 4 * 24 * 60 * MINUTE),
            Arbitraries.integers().between(0, 9))
        .as((offset, dice) -> new Spec(offset, 0, dice < 3, 1))
        .list()
        .ofMinSize(100)
        .ofMaxSize(300);
  }

  private static TopologyFixture fixture() {
    return TopologyFixture.replaying(
        TopologyFixture.inMemoryRegistry(),
        UUID.randomUUID().toString().substring(0, 8) + "-",
        Instant.ofEpochMilli(T0),
        Duration.ofDays(30));
  }

  private static RequestEvent event(long time, boolean error) {
    return RequestEvent.newBuilder()
        .setService("checkout")
        .setOperation("POST /orders")
        .setTimestamp(Instant.ofEpochMilli(time))
        .setLatencyMicros(10_000)
        .setStatusCode(error ? 503 : 200)
        .setOutcome(error ? Outcome.ERROR : Outcome.SUCCESS)
        .build();
  }

  @Provide
  Arbitrary<List<Spec>> streams() {
    // Offsets over three hours; errors more likely in a random incident band so alerts come and go.
    Arbitrary<Long> incidentStart = Arbitraries.longs().between(0, 150 * MINUTE);
    return incidentStart.flatMap(
        start ->
            Combinators.combine(
                    Arbitraries.longs().between(0, 180 * MINUTE),
                    Arbitraries.longs().between(0, GRACE / 2),
                    Arbitraries.integers().between(0, 99),
                    Arbitraries.frequency(
                        net.jqwik.api.Tuple.of(9, 1), net.jqwik.api.Tuple.of(1, 8)))
                .as(
                    (offset, jitter, dice, copies) -> {
                      boolean inIncident = offset >= start && offset < start + 20 * MINUTE;
                      return new Spec(offset, jitter, dice < (inIncident ? 60 : 2), copies);
                    })
                .list()
                .ofMinSize(50)
                .ofMaxSize(400));
  }
}
