package io.slipstream.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.avro.BurnRateEvaluation;
import io.slipstream.avro.RequestEvent;
import io.slipstream.avro.SloAlert;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * A processor killed at any moment and started again on its committed stores publishes what one
 * that ran on would have: at every tick, each SLO's and each group instance's evaluation in force
 * has the same counts, and the alerts make the same transitions. Some events arrive minutes late,
 * so the stop may fall with counts ahead of the last tick, in minutes already let go of, or in a
 * page's hold-down; half the stops fall within the first events, before the first tick, with
 * immediate and with settled evaluation.
 */
class RestartPropertyTest {
  private static final long T0 = 1_700_002_800_000L;
  private static final long MINUTE = 60_000;
  private static final String GROUPED_ID = "checkout-by-customer"; // GroupedSloPropertyTest's

  /** A request at an offset from T0, arriving {@code arrivalJitter} later. */
  record Spec(long offset, long arrivalJitter, String customer, boolean error) {}

  /** What one run published: each key's evaluations by tick, and its alert transitions. */
  record Published(
      Map<String, TreeMap<Long, String>> evaluations, Map<String, List<String>> alerts) {}

  @Property(tries = 20)
  void aRestartChangesNothingPublished(
      @ForAll("streams") List<Spec> specs,
      @ForAll @IntRange(min = 0, max = 99) int stopPercent,
      @ForAll boolean early,
      @ForAll boolean settled) {
    // Settled evaluation waits 30 s of event time before a tick: the stop may fall between a
    // closed bucket and the first tick.
    SloSettings sloSettings =
        settled
            ? SloSettings.defaults().withSettle(Duration.ofSeconds(30))
            : SloSettings.defaults();
    List<RequestEvent> arrivals = new ArrayList<>();
    specs.stream()
        .sorted(Comparator.comparingLong(s -> s.offset() + s.arrivalJitter()))
        .forEach(
            spec ->
                arrivals.add(
                    GroupedSloPropertyTest.event(
                        T0 + spec.offset(), spec.customer(), spec.error())));
    // Half the stops within the first events, before or around the first tick.
    int stopAfter = early ? stopPercent % 6 : arrivals.size() * stopPercent / 100;

    System.err.println(
        "DEBUG arrivals "
            + arrivals.stream()
                .limit(6)
                .map(
                    e ->
                        (e.getTimestamp().toEpochMilli() - T0)
                            + ":"
                            + e.getAttributes()
                            + ":"
                            + e.getStatusCode())
                .toList());
    Published uninterrupted = run(arrivals, -1, sloSettings);
    Published restarted = run(arrivals, stopAfter, sloSettings);

    assertThat(restarted.evaluations().keySet()).isEqualTo(uninterrupted.evaluations().keySet());
    for (String key : uninterrupted.evaluations().keySet()) {
      TreeMap<Long, String> expected = uninterrupted.evaluations().get(key);
      TreeMap<Long, String> actual = restarted.evaluations().get(key);
      // A restarted processor may publish again what still holds: compare what is in force.
      Set<Long> ticks = new TreeSet<>(expected.keySet());
      ticks.addAll(actual.keySet());
      for (long tick : ticks) {
        assertThat(inForce(actual, tick))
            .as("%s at %s, stopped after %d of %d", key, tick, stopAfter, arrivals.size())
            .isEqualTo(inForce(expected, tick));
      }
    }
    assertThat(restarted.alerts()).isEqualTo(uninterrupted.alerts());
  }

  private static String inForce(TreeMap<Long, String> byTick, long tick) {
    Map.Entry<Long, String> entry = byTick.floorEntry(tick);
    return entry == null ? null : entry.getValue();
  }

  /** Sends {@code arrivals}, killing and restarting the processor after {@code stopAfter}. */
  private static Published run(
      List<RequestEvent> arrivals, int stopAfter, SloSettings sloSettings) {
    Published published = new Published(new TreeMap<>(), new TreeMap<>());
    TopologyFixture fixture =
        TopologyFixture.restartable(
            TopologyFixture.inMemoryRegistry(),
            TopologyFixture.uniquePrefix(),
            TopologyFixture.replaySettings(Duration.ofDays(30)),
            sloSettings,
            Instant.ofEpochMilli(T0));
    try {
      fixture.sloDefinitions.pipeInput(PageRuleOracle.SLO_ID, PageRuleOracle.SLO);
      fixture.sloDefinitions.pipeInput(
          GROUPED_ID, GroupedSloPropertyTest.groupedSlo(Integer.MAX_VALUE));
      for (int i = 0; i < arrivals.size(); i++) {
        if (i == stopAfter) {
          collect(fixture, published);
          fixture = fixture.restarted(Instant.ofEpochMilli(T0));
        }
        fixture.send(arrivals.get(i));
      }
      collect(fixture, published);
    } finally {
      fixture.close();
    }
    return published;
  }

  private static void collect(TopologyFixture fixture, Published published) {
    for (BurnRateEvaluation evaluation : fixture.sloBurnRates.readValuesToList()) {
      published
          .evaluations()
          .computeIfAbsent(
              key(evaluation.getSloId(), evaluation.getGroupKey()), k -> new TreeMap<>())
          .put(evaluation.getEvaluatedAt().toEpochMilli(), SloRestartTest.summary(evaluation));
    }
    for (SloAlert alert : fixture.sloAlerts.readValuesToList()) {
      published
          .alerts()
          .computeIfAbsent(key(alert.getSloId(), alert.getGroupKey()), k -> new ArrayList<>())
          .add(alert.getSeverity() + " " + PageRuleOracle.describe(alert));
    }
  }

  private static String key(String sloId, String groupKey) {
    return groupKey.isEmpty() ? sloId : sloId + "{" + groupKey + "}";
  }

  @Provide
  Arbitrary<List<Spec>> streams() {
    // Two hours; one customer has an incident in a random band, so pages fire and resolve.
    Arbitrary<Long> incidentStart = Arbitraries.longs().between(0, 90 * MINUTE);
    Arbitrary<String> sufferer = Arbitraries.of("acme", "globex", "initech");
    return Combinators.combine(incidentStart, sufferer)
        .flatAs(
            (start, victim) ->
                Combinators.combine(
                        Arbitraries.longs().between(0, 120 * MINUTE),
                        // Most within the grace period; one in ten 2-4 minutes late.
                        Arbitraries.frequencyOf(
                            Tuple.of(9, Arbitraries.longs().between(0, 30_000)),
                            Tuple.of(1, Arbitraries.longs().between(2 * MINUTE, 4 * MINUTE))),
                        Arbitraries.of("acme", "acme", "globex", "initech", ""),
                        Arbitraries.integers().between(0, 99))
                    .as(
                        (offset, jitter, customer, dice) -> {
                          boolean inIncident =
                              customer.equals(victim)
                                  && offset >= start
                                  && offset < start + 20 * MINUTE;
                          return new Spec(offset, jitter, customer, dice < (inIncident ? 70 : 2));
                        })
                    .list()
                    .ofMinSize(100)
                    .ofMaxSize(400));
  }
}
