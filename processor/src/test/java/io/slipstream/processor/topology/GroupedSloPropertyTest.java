package io.slipstream.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.avro.AlertState;
import io.slipstream.avro.BadEventContributor;
import io.slipstream.avro.BurnRateEvaluation;
import io.slipstream.avro.Outcome;
import io.slipstream.avro.RequestEvent;
import io.slipstream.avro.Severity;
import io.slipstream.avro.SloAlert;
import io.slipstream.avro.WindowBurnRate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.apache.kafka.streams.KeyValue;

/**
 * Judges grouped SLOs against one {@link BurnRateOracle} per customer, fed only that customer's
 * events: the oracle of a separate SLO filtered on each value. Every evaluation an instance
 * publishes carries exactly its customer's window counts, burn rates and budget; at every tick the
 * latest evaluation of each instance still holds its oracle's counts (an instance publishes only
 * when they change); each instance's page fires and resolves exactly when its oracle's rule says;
 * and with a cap, the groups beyond it are counted together in {@code other}. Some events arrive
 * minutes late, into minutes the stores have already committed and let go of.
 */
class GroupedSloPropertyTest {
  private static final long T0 = 1_700_002_800_000L;
  private static final long MINUTE = 60_000;
  private static final long GRACE = 60_000;
  private static final List<String> CUSTOMERS = List.of("acme", "globex", "initech", "umbrella");
  private static final String GROUPED_ID = "checkout-by-customer";

  /** A request of one customer ("" for none) at an offset from T0, arriving that much later. */
  record Spec(long offset, long arrivalJitter, String customer, boolean error) {}

  @Property(tries = 25)
  void everyInstanceMatchesTheOracleOfItsCustomer(@ForAll("streams") List<Spec> specs) {
    check(specs, Integer.MAX_VALUE);
  }

  @Property(tries = 10)
  void groupsBeyondTheCapAreCountedTogetherInOther(@ForAll("streams") List<Spec> specs) {
    check(specs, 2);
  }

  private void check(List<Spec> specs, int maxGroups) {
    List<RequestEvent> arrivals = new ArrayList<>();
    specs.stream()
        .sorted(Comparator.comparingLong(s -> s.offset() + s.arrivalJitter()))
        .forEach(spec -> arrivals.add(event(T0 + spec.offset(), spec.customer(), spec.error())));
    // The instance each customer counts in: its own while the cap allows, else "other".
    Map<String, String> instanceOf = new LinkedHashMap<>();
    Map<String, BurnRateOracle> oracles = new HashMap<>();
    Map<String, PageRuleOracle> pageOracles = new HashMap<>();
    Map<String, BurnRateEvaluation> latest = new HashMap<>();
    Map<String, List<String>> pages = new HashMap<>();
    Map<String, List<RequestEvent>> arrived = new HashMap<>();
    int instanceEvaluations = 0;
    try (TopologyFixture fixture = fixture()) {
      fixture.sloDefinitions.pipeInput(PageRuleOracle.SLO_ID, PageRuleOracle.SLO);
      fixture.sloDefinitions.pipeInput(GROUPED_ID, groupedSlo(maxGroups));
      for (RequestEvent event : arrivals) {
        String customer = event.getAttributes().getOrDefault("customer", "");
        String instance =
            instanceOf.computeIfAbsent(
                customer,
                c ->
                    instanceOf.values().stream().filter(i -> !i.equals("other")).count() < maxGroups
                        ? "customer=\"" + c + "\""
                        : "other");
        fixture.send(event);
        arrived.computeIfAbsent(instance, i -> new ArrayList<>()).add(event);
        oracles
            .computeIfAbsent(
                instance,
                i -> new BurnRateOracle(PageRuleOracle.TARGET, PageRuleOracle.PERIOD.toMillis()))
            .arrive(event);
        // Tick by tick: the instances' evaluations, then the check at the tick the ungrouped SLO
        // marks (one event can pass several ticks).
        TreeMap<Long, List<BurnRateEvaluation>> byTick = new TreeMap<>();
        for (KeyValue<String, BurnRateEvaluation> record :
            fixture.sloBurnRates.readKeyValuesToList()) {
          BurnRateEvaluation evaluation = record.value;
          assertThat(record.key)
              .as("one key per instance")
              .isEqualTo(
                  evaluation.getGroupKey().isEmpty()
                      ? evaluation.getSloId()
                      : evaluation.getSloId() + "{" + evaluation.getGroupKey() + "}");
          byTick
              .computeIfAbsent(evaluation.getEvaluatedAt().toEpochMilli(), t -> new ArrayList<>())
              .add(evaluation);
        }
        for (Map.Entry<Long, List<BurnRateEvaluation>> tick : byTick.entrySet()) {
          long at = tick.getKey();
          boolean marked = false;
          for (BurnRateEvaluation evaluation : tick.getValue()) {
            if (!evaluation.getSloId().equals(GROUPED_ID)) {
              marked = true;
              continue;
            }
            String key = evaluation.getGroupKey();
            assertThat(oracles).as("instance %s has events", key).containsKey(key);
            oracles.get(key).assertMatches(evaluation);
            pageOracles
                .computeIfAbsent(key, k -> new PageRuleOracle())
                .evaluate(oracles.get(key), at);
            latest.put(key, evaluation);
            instanceEvaluations++;
          }
          if (marked) {
            latest.forEach((key, evaluation) -> assertSameCounts(oracles.get(key), evaluation, at));
          }
        }
        for (SloAlert alert : fixture.sloAlerts.readValuesToList()) {
          if (alert.getSloId().equals(GROUPED_ID) && alert.getSeverity() == Severity.PAGE) {
            assertThat(alert.getLabels()).containsEntry("slo_group", alert.getGroupKey());
            if (alert.getState() == AlertState.FIRING) {
              assertBreakdownExact(alert, arrived.get(alert.getGroupKey()));
            }
            pages
                .computeIfAbsent(alert.getGroupKey(), k -> new ArrayList<>())
                .add(PageRuleOracle.describe(alert));
          }
        }
      }
    }
    assertThat(instanceEvaluations).isPositive();
    for (Map.Entry<String, PageRuleOracle> oracle : pageOracles.entrySet()) {
      assertThat(pages.getOrDefault(oracle.getKey(), List.of()))
          .as("pages of %s", oracle.getKey())
          .isEqualTo(oracle.getValue().transitions());
    }
    assertThat(latest.keySet()).isSubsetOf(oracles.keySet());
    if (instanceOf.size() > maxGroups) {
      assertThat(latest).as("the groups beyond the cap").containsKey("other");
    }
  }

  /**
   * The page names its bad events exactly: those of its instance in the five minutes before its
   * tick (its short window, as the burn rate counts it), all of them one contributor here.
   */
  private static void assertBreakdownExact(SloAlert page, List<RequestEvent> arrived) {
    long now = page.getTransitionAt().toEpochMilli();
    long to = now;
    long from = to - 5 * MINUTE;
    long bad =
        arrived.stream()
            .filter(e -> e.getOutcome() == Outcome.ERROR)
            .filter(
                e ->
                    e.getTimestamp().toEpochMilli() >= from && e.getTimestamp().toEpochMilli() < to)
            .count();
    assertThat(page.getBreakdownWindow()).isEqualTo("5m");
    BadEventContributor top = page.getTopContributors().get(0);
    assertThat(top.getValue()).isEqualTo("POST /orders|unknown|503");
    assertThat(top.getBadEvents())
        .as("bad events of %s at %s", page.getGroupKey(), now)
        .isEqualTo(bad);
    assertThat(top.getShare()).isEqualTo(1.0);
  }

  /** The counts of {@code evaluation} are still the oracle's at {@code tick}. */
  private static void assertSameCounts(
      BurnRateOracle oracle, BurnRateEvaluation evaluation, long tick) {
    for (WindowBurnRate window : evaluation.getWindows()) {
      assertThat(new long[] {window.getGoodEvents(), window.getTotalEvents()})
          .as("%s window %s still holds at %s", evaluation.getGroupKey(), window.getWindow(), tick)
          .containsExactly(oracle.window(tick, window.getWindowMillis()));
    }
    assertThat(new long[] {evaluation.getPeriodGoodEvents(), evaluation.getPeriodTotalEvents()})
        .as("%s period still holds at %s", evaluation.getGroupKey(), tick)
        .containsExactly(oracle.period(tick));
  }

  /** The grouped SLO of these tests: checkout by customer, with a cap unless MAX_VALUE. */
  static String groupedSlo(int maxGroups) {
    return PageRuleOracle.SLO
        .replace("name: checkout-availability", "name: " + GROUPED_ID)
        .replace(
            "  service: checkout\n",
            "  service: checkout\n"
                + "  grouping:\n"
                + "    by: [attributes.customer]\n"
                + (maxGroups == Integer.MAX_VALUE ? "" : "    maxGroups: " + maxGroups + "\n"));
  }

  private static TopologyFixture fixture() {
    return TopologyFixture.replaying(
        TopologyFixture.inMemoryRegistry(),
        UUID.randomUUID().toString().substring(0, 8) + "-",
        Instant.ofEpochMilli(T0),
        Duration.ofDays(30));
  }

  /** A checkout request of {@code customer} ("" for none). */
  static RequestEvent event(long time, String customer, boolean error) {
    RequestEvent.Builder event =
        RequestEvent.newBuilder()
            .setService("checkout")
            .setOperation("POST /orders")
            .setTimestamp(Instant.ofEpochMilli(time))
            .setLatencyMicros(10_000)
            .setStatusCode(error ? 503 : 200)
            .setOutcome(error ? Outcome.ERROR : Outcome.SUCCESS);
    if (!customer.isEmpty()) {
      event.setAttributes(Map.of("customer", customer));
    }
    return event.build();
  }

  @Provide
  Arbitrary<List<Spec>> streams() {
    // Three hours; one customer has an incident in a random band, so its page comes and goes.
    Arbitrary<Long> incidentStart = Arbitraries.longs().between(0, 150 * MINUTE);
    Arbitrary<String> sufferer = Arbitraries.of(CUSTOMERS);
    return Combinators.combine(incidentStart, sufferer)
        .flatAs(
            (start, victim) ->
                Combinators.combine(
                        Arbitraries.longs().between(0, 180 * MINUTE),
                        // Most arrive within the grace period; one in ten 2-4 minutes late, into
                        // minutes already closed and committed.
                        Arbitraries.frequencyOf(
                            Tuple.of(9, Arbitraries.longs().between(0, GRACE / 2)),
                            Tuple.of(1, Arbitraries.longs().between(2 * MINUTE, 4 * MINUTE))),
                        Arbitraries.of(
                            "acme", "acme", "acme", "globex", "globex", "initech", "umbrella", ""),
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
                    .ofMaxSize(500));
  }
}
