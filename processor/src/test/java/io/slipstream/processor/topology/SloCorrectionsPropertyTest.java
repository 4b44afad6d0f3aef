package io.slipstream.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.avro.AlertState;
import io.slipstream.avro.BurnRateEvaluation;
import io.slipstream.avro.RequestEvent;
import io.slipstream.avro.Severity;
import io.slipstream.avro.SloAlert;
import io.slipstream.processor.slo.corrections.CorrectionDocument;
import io.slipstream.processor.slo.corrections.SloCorrection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Judges the SLO engine's corrections against {@link BurnRateOracle}: random streams with an error
 * band, and random exclude and attribute corrections filed (and some deleted) at random moments,
 * reaching back into the past, covering the present or lying in the future, overlapping or not.
 * Every evaluation must carry exactly the oracle's corrected window counts, period counts, excluded
 * and planned figures; pages must fire, resolve and be silenced exactly when the oracle's rules
 * say.
 */
class SloCorrectionsPropertyTest {
  private static final long T0 = 1_700_002_800_000L;
  private static final long MINUTE = 60_000;

  /**
   * Spread over the whole range: jqwik's default favours small values, which would bunch the
   * traffic and the corrections at T0.
   */
  private static final RandomDistribution UNIFORM = RandomDistribution.uniform();

  /**
   * A correction: when it is filed and deleted (percent of the way through the arrivals; deleted at
   * 100 or more means never), its range (minutes from T0) and action.
   */
  record CorrectionSpec(
      int filedAt,
      int deletedAt,
      long startMinute,
      long minutes,
      SloCorrection.Action action,
      boolean silencePages) {}

  /** Request specs (minute offset, error) in arrival order, and the corrections. */
  record Scenario(List<long[]> requests, List<CorrectionSpec> corrections) {}

  /** Per try, how many evaluations showed excluded or planned events. */
  private static final List<Integer> corrections = new ArrayList<>();

  @AfterContainer
  static void checkTheScenariosExercisedCorrections() {
    // The scenarios must exercise corrections, or agreement with the oracle proves little.
    assertThat(corrections.stream().filter(n -> n > 0).count())
        .as("tries whose evaluations showed corrected events")
        .isGreaterThanOrEqualTo(corrections.size() / 2);
  }

  @Property(tries = 100)
  void shouldApplyCorrectionsExactlyAsTheOracleDoes(@ForAll("scenarios") Scenario scenario) {
    BurnRateOracle oracle = new BurnRateOracle(0.99, Duration.ofDays(1).toMillis());
    OraclePages oraclePages = new OraclePages();
    List<String> published = new ArrayList<>();
    int evaluations = 0;
    int corrected = 0; // evaluations with excluded or planned events
    try (TopologyFixture fixture = fixture()) {
      fixture.sloDefinitions.pipeInput("checkout-availability", PageRuleOracle.SLO);
      for (int i = 0; i < scenario.requests().size(); i++) {
        for (int c = 0; c < scenario.corrections().size(); c++) {
          CorrectionSpec spec = scenario.corrections().get(c);
          String id = "maintenance-" + c;
          int size = scenario.requests().size();
          if (spec.filedAt() * size / 100 == i) {
            SloCorrection correction = correction(id, spec);
            fixture.sloCorrections.pipeInput(id, CorrectionDocument.write(correction));
            oracle.file(correction);
          }
          if (spec.deletedAt() < 100 && spec.deletedAt() * size / 100 == i) {
            fixture.sloCorrections.pipeInput(id, (String) null);
            oracle.delete(id);
          }
        }
        long[] request = scenario.requests().get(i);
        RequestEvent event = event(T0 + request[0], request[1] == 1);
        fixture.send(event);
        oracle.arrive(event);
        for (BurnRateEvaluation evaluation : fixture.sloBurnRates.readValuesToList()) {
          long now = evaluation.getEvaluatedAt().toEpochMilli();
          oracle.assertMatches(evaluation);
          long[] corrections = oracle.periodCorrections(now);
          assertThat(
                  new long[] {
                    evaluation.getPeriodExcludedEvents(), evaluation.getPeriodPlannedBadEvents()
                  })
              .as("excluded and planned at %s", now)
              .containsExactly(corrections);
          corrected += corrections[0] + corrections[1] > 0 ? 1 : 0;
          oraclePages.evaluate(oracle, now);
          evaluations++;
        }
        fixture.sloAlerts.readValuesToList().stream()
            .filter(alert -> alert.getSeverity() == Severity.PAGE)
            .map(OraclePages::describe)
            .forEach(published::add);
      }
    }
    assertThat(evaluations).isPositive();
    assertThat(published).isEqualTo(oraclePages.transitions);
    corrections.add(corrected);
    System.out.println(
        "DEBUG corrected="
            + corrected
            + " evaluations="
            + evaluations
            + " specs="
            + scenario.corrections()
            + " size="
            + scenario.requests().size());
  }

  /** The page rule (30m and 5m above 5) with silencing, over the oracle's corrected numbers. */
  static final class OraclePages {
    final List<String> transitions = new ArrayList<>();
    private boolean firing;
    private List<String> silencedBefore = List.of();

    void evaluate(BurnRateOracle oracle, long now) {
      List<String> silencing = oracle.silencingAt(now);
      boolean silenced = !silencing.isEmpty();
      Double longRate = oracle.burnRate(oracle.window(now, 30 * MINUTE));
      Double shortRate = oracle.burnRate(oracle.window(now, 5 * MINUTE));
      boolean holds =
          !silenced && longRate != null && shortRate != null && longRate > 5 && shortRate > 5;
      boolean transition = holds != firing;
      if (transition) {
        firing = holds;
        transitions.add((holds ? "FIRING@" : "RESOLVED@") + now + (silenced ? " silenced" : ""));
      }
      if (silenced && !silencing.equals(silencedBefore) && !transition) {
        transitions.add("RESOLVED@" + now + " silenced");
      }
      silencedBefore = silencing;
    }

    static String describe(SloAlert alert) {
      return (alert.getState() == AlertState.FIRING ? "FIRING@" : "RESOLVED@")
          + alert.getTransitionAt().toEpochMilli()
          + (alert.getSilencedBy().isEmpty() ? "" : " silenced");
    }
  }

  private static SloCorrection correction(String id, CorrectionSpec spec) {
    long start = T0 + spec.startMinute() * MINUTE;
    return new SloCorrection(
        id,
        List.of("checkout-availability"),
        null,
        Map.of(),
        start,
        start + spec.minutes() * MINUTE,
        "UTC",
        spec.action(),
        "planned maintenance",
        "sre",
        spec.silencePages(),
        T0);
  }

  private static TopologyFixture fixture() {
    return TopologyFixture.replaying(
        TopologyFixture.inMemoryRegistry(),
        UUID.randomUUID().toString().substring(0, 8) + "-",
        Instant.ofEpochMilli(T0),
        Duration.ofDays(30));
  }

  private static RequestEvent event(long time, boolean error) {
    return TopologyFixture.event("checkout", "POST /orders", time, 10_000, error ? 503 : 200);
  }

  @Provide
  Arbitrary<Scenario> scenarios() {
    // Events in time order with small jitter (within the grace), errors dense in one band.
    Arbitrary<List<long[]>> requests =
        Arbitraries.longs()
            .between(0, 150 * MINUTE)
            .withDistribution(UNIFORM)
            .flatMap(
                incident ->
                    Combinators.combine(
                            Arbitraries.longs().between(0, 180 * MINUTE).withDistribution(UNIFORM),
                            Arbitraries.integers().between(0, 99))
                        .as(
                            (offset, dice) -> {
                              boolean inIncident =
                                  offset >= incident && offset < incident + 25 * MINUTE;
                              return new long[] {offset, dice < (inIncident ? 60 : 2) ? 1 : 0};
                            })
                        .list()
                        .ofMinSize(100)
                        .ofMaxSize(300)
                        .map(
                            list -> {
                              List<long[]> sorted = new ArrayList<>(list);
                              sorted.sort(
                                  (a, b) ->
                                      Long.compare(
                                          a[0] - (a[0] * 7919 % 20_000),
                                          b[0] - (b[0] * 7919 % 20_000)));
                              return sorted;
                            }));
    Arbitrary<CorrectionSpec> correction =
        Combinators.combine(
                Arbitraries.integers().between(0, 90).withDistribution(UNIFORM),
                Arbitraries.integers().between(0, 200).withDistribution(UNIFORM),
                Arbitraries.longs().between(-30, 170).withDistribution(UNIFORM),
                Arbitraries.longs().between(1, 60).withDistribution(UNIFORM),
                Arbitraries.of(SloCorrection.Action.class),
                Arbitraries.of(true, false))
            .as(
                (filed, deleted, start, minutes, action, silence) ->
                    new CorrectionSpec(
                        filed, Math.max(deleted, filed + 1), start, minutes, action, silence));
    return Combinators.combine(requests, correction.list().ofMinSize(1).ofMaxSize(4))
        .as(Scenario::new);
  }
}
