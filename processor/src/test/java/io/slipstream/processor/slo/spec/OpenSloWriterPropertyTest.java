package io.slipstream.processor.slo.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.avro.Outcome;
import io.slipstream.processor.slo.spec.Indicator.GoodCriterion;
import io.slipstream.processor.slo.spec.SloDefinition.Alerting;
import io.slipstream.processor.slo.spec.SloDefinition.Budgeting;
import io.slipstream.processor.slo.spec.SloDefinition.BurnRateRule;
import io.slipstream.processor.slo.spec.SloDefinition.CalendarUnit;
import io.slipstream.processor.slo.spec.SloDefinition.Severity;
import io.slipstream.processor.slo.spec.SloDefinition.SliceCondition;
import io.slipstream.processor.slo.spec.SloDefinition.TimeWindow;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * {@link OpenSloWriter} is the inverse of {@link OpenSloParser} over the whole model: random
 * definitions, within what the parser can produce, read back equal from their written text.
 */
class OpenSloWriterPropertyTest {
  private static final long SECOND = 1_000;
  private static final long MINUTE = 60 * SECOND;
  private static final long HOUR = 60 * MINUTE;
  private static final long DAY = 24 * HOUR;

  /** Slice lengths the parser accepts: whole seconds that divide a day. */
  private static final long[] SLICES =
      LongStream.rangeClosed(1, 86_400).filter(s -> 86_400 % s == 0).map(s -> s * SECOND).toArray();

  @Property(tries = 1000)
  void shouldReadBackEveryDefinitionFromItsWrittenText(@ForAll("definitions") SloDefinition slo) {
    String yaml = OpenSloWriter.write(slo);

    SloParseResult back = OpenSloParser.parse("property.yaml", yaml);

    assertThat(back.errors()).as(yaml).isEmpty();
    assertThat(back.definitions()).as(yaml).containsExactly(slo);
  }

  @Provide
  Arbitrary<SloDefinition> definitions() {
    return Combinators.combine(periods(), Arbitraries.integers().between(0, 9))
        .flatAs((window, choice) -> withBudgeting(window, choice < 4));
  }

  private Arbitrary<SloDefinition> withBudgeting(TimeWindow window, boolean timeslices) {
    long periodMillis = window.nominalLength().toMillis();
    long[] slices = Arrays.stream(SLICES).filter(s -> s < periodMillis).toArray();
    if (!timeslices || slices.length == 0) {
      return withSlice(window, null);
    }
    return Arbitraries.of(Arrays.stream(slices).boxed().toList())
        .flatMap(slice -> withSlice(window, Duration.ofMillis(slice)));
  }

  private Arbitrary<SloDefinition> withSlice(TimeWindow window, Duration slice) {
    Arbitrary<Metadata> metadata =
        Combinators.combine(names(), text(), text(), descriptions(), labels(), annotations())
            .as(Metadata::new);
    return Combinators.combine(
            metadata, indicators(slice), fractions(), alerting(window.nominalLength(), slice))
        .as(
            (meta, indicator, target, alerting) ->
                new SloDefinition(
                    meta.id,
                    meta.displayName,
                    meta.service,
                    meta.description,
                    indicator.indicator,
                    target,
                    window,
                    slice == null
                        ? new Budgeting.Occurrences()
                        : new Budgeting.Timeslices(slice, indicator.slice),
                    alerting,
                    meta.labels,
                    meta.annotations.annotations,
                    meta.annotations.runbook));
  }

  private record Metadata(
      String id,
      String displayName,
      String service,
      String description,
      Map<String, String> labels,
      Annotations annotations) {}

  private record Annotations(Map<String, String> annotations, String runbook) {}

  private record IndicatorAndSlice(Indicator indicator, SliceCondition slice) {}

  /** Rolling windows from a millisecond to years, and calendar weeks and months in any zone. */
  private Arbitrary<TimeWindow> periods() {
    Arbitrary<TimeWindow> rolling = durations(1, 400 * DAY).map(TimeWindow.Rolling::new);
    Arbitrary<TimeWindow> calendar =
        Combinators.combine(Arbitraries.of(CalendarUnit.class), zones())
            .as(TimeWindow.Calendar::new);
    return Arbitraries.frequencyOf(Tuple.of(3, rolling), Tuple.of(1, calendar));
  }

  private Arbitrary<ZoneId> zones() {
    List<ZoneId> zones = new ArrayList<>();
    ZoneId.getAvailableZoneIds().stream().sorted().map(ZoneId::of).forEach(zones::add);
    for (String offset : List.of("Z", "+05:30", "-08:00", "UTC", "GMT+02:00", "UTC-03:30")) {
      zones.add(ZoneId.of(offset));
    }
    return Arbitraries.of(zones);
  }

  /** Durations in [min, max] ms: mostly whole units people write, sometimes any millisecond. */
  private Arbitrary<Duration> durations(long minMillis, long maxMillis) {
    Arbitrary<Long> any = Arbitraries.longs().between(minMillis, maxMillis);
    Arbitrary<Long> round =
        Combinators.combine(
                Arbitraries.of(SECOND, MINUTE, HOUR, DAY, 7 * DAY),
                Arbitraries.longs().between(1, 60))
            .as((unit, count) -> unit * count)
            .filter(ms -> ms >= minMillis && ms <= maxMillis);
    return Arbitraries.frequencyOf(Tuple.of(1, any), Tuple.of(2, round)).map(Duration::ofMillis);
  }

  private Arbitrary<IndicatorAndSlice> indicators(Duration slice) {
    Arbitrary<GoodCriterion> ratioGood =
        Arbitraries.oneOf(
            selectors().filter(s -> !s.isAny()).map(GoodCriterion.Matches::new),
            selectors().filter(s -> !s.isAny()).map(GoodCriterion.DoesNotMatch::new),
            Arbitraries.just(new GoodCriterion.NotAnError()));
    Arbitrary<SliceCondition> ratioSlice =
        slice == null
            ? Arbitraries.<SliceCondition>just(null)
            : sliceRatios().map(SliceCondition.RatioAtLeast::new);
    Arbitrary<IndicatorAndSlice> ratio =
        Combinators.combine(selectors(), ratioGood, ratioSlice)
            .as(
                (total, good, condition) ->
                    new IndicatorAndSlice(
                        new Indicator(total, good, Indicator.Kind.REQUESTS), condition));
    Arbitrary<IndicatorAndSlice> latency =
        Combinators.combine(
                selectors(),
                latencyMicros(),
                ratioSlice,
                Arbitraries.of(0.5, 0.9, 0.95, 0.99, 0.999),
                Arbitraries.of(true, false))
            .as(
                (total, micros, ratioCondition, quantile, useQuantile) ->
                    new IndicatorAndSlice(
                        new Indicator(
                            total,
                            new GoodCriterion.LatencyAtMost(micros),
                            Indicator.Kind.REQUESTS),
                        slice != null && useQuantile
                            ? new SliceCondition.LatencyQuantileAtMost(quantile, micros)
                            : ratioCondition));
    if (slice == null) {
      return Arbitraries.oneOf(ratio, latency);
    }
    Arbitrary<IndicatorAndSlice> saturation =
        Arbitraries.oneOf(Arbitraries.of(0.0, 1.0, 0.8), Arbitraries.doubles().between(0, 1))
            .map(
                threshold ->
                    new IndicatorAndSlice(
                        new Indicator(
                            EventSelector.any(),
                            new GoodCriterion.Matches(EventSelector.any()),
                            Indicator.Kind.SATURATION),
                        new SliceCondition.SaturationAtMost(threshold)));
    return Arbitraries.oneOf(ratio, latency, saturation);
  }

  /** Latency thresholds from 1 µs (0.001 ms) to about 35 years. */
  private Arbitrary<Long> latencyMicros() {
    return Arbitraries.oneOf(
        Arbitraries.longs().between(1, 10_000_000),
        Arbitraries.longs().between(1, 1L << 50),
        Arbitraries.longs().between(1, 10_000).map(ms -> ms * 1_000));
  }

  private Arbitrary<EventSelector> selectors() {
    Arbitrary<List<String>> operations =
        Arbitraries.oneOf(
                Arbitraries.of("GET /cart*", "POST /checkout", "* /health?", "GET *"), nonBlank())
            .list()
            .ofMaxSize(3);
    Arbitrary<Set<String>> outcomes =
        Arbitraries.of(Arrays.stream(Outcome.values()).map(Enum::name).toList()).set().ofMaxSize(3);
    Arbitrary<String> status =
        Arbitraries.oneOf(
            Arbitraries.integers().between(1, 5).map(c -> c + "xx"),
            Arbitraries.integers().between(100, 599).map(String::valueOf));
    Arbitrary<Set<String>> statuses = status.set().ofMaxSize(4);
    Arbitrary<Set<String>> regions =
        Arbitraries.oneOf(Arbitraries.of("eu-west-1", "us-east-1"), nonBlank()).set().ofMaxSize(2);
    Arbitrary<EventSelector> selector =
        Combinators.combine(operations, outcomes, statuses, regions).as(EventSelector::new);
    return Arbitraries.frequencyOf(
        Tuple.of(1, Arbitraries.just(EventSelector.any())), Tuple.of(3, selector));
  }

  private Arbitrary<Alerting> alerting(Duration period, Duration slice) {
    Arbitrary<Duration> noData = durations(1, 30 * DAY).injectNull(0.25);
    Arbitrary<Duration> holdDown =
        Arbitraries.frequencyOf(
            Tuple.of(1, Arbitraries.just(Duration.ZERO)), Tuple.of(3, durations(1, DAY)));
    Arbitrary<Long> minEvents =
        Arbitraries.oneOf(
            Arbitraries.of(0L, 10L, Long.MAX_VALUE), Arbitraries.longs().between(0, 1_000_000));
    return Combinators.combine(rules(period, slice), minEvents, noData, holdDown).as(Alerting::new);
  }

  /**
   * Rules the parser accepts: the long window at most the period, the short one shorter, both whole
   * slices for Timeslices; none, the scaled defaults, or random ones.
   */
  private Arbitrary<List<BurnRateRule>> rules(Duration period, Duration slice) {
    long unit = slice == null ? 1 : slice.toMillis();
    long maxUnits = period.toMillis() / unit;
    if (maxUnits < 2) {
      return Arbitraries.just(List.of());
    }
    Arbitrary<BurnRateRule> rule =
        Combinators.combine(
                Arbitraries.of(Severity.class),
                Arbitraries.longs().between(2, maxUnits),
                Arbitraries.doubles().between(0, 1),
                burnRates())
            .as(
                (severity, longUnits, shortShare, burnRate) -> {
                  long shortUnits =
                      Math.max(1, Math.min(longUnits - 1, (long) (longUnits * shortShare)));
                  return new BurnRateRule(
                      severity,
                      Duration.ofMillis(longUnits * unit),
                      Duration.ofMillis(shortUnits * unit),
                      burnRate);
                });
    List<BurnRateRule> defaults = defaultsThatFit(period, slice);
    return Arbitraries.frequencyOf(
        Tuple.of(1, Arbitraries.just(List.of())),
        Tuple.of(1, Arbitraries.just(defaults)),
        Tuple.of(4, rule.list().ofMaxSize(5)));
  }

  private static List<BurnRateRule> defaultsThatFit(Duration period, Duration slice) {
    List<BurnRateRule> rules = DefaultAlertRules.forPeriod(period);
    if (slice == null) {
      return rules;
    }
    long unit = slice.toMillis();
    return rules.stream()
        .filter(
            r -> r.longWindow().toMillis() % unit == 0 && r.shortWindow().toMillis() % unit == 0)
        .toList();
  }

  /** Positive finite doubles: familiar ones, and any bit pattern from subnormal to huge. */
  private Arbitrary<Double> burnRates() {
    return Arbitraries.oneOf(
        Arbitraries.of(14.4, 6.0, 3.0, 1.0, 13.44, 0.9333333333333333, 1e-300, Double.MAX_VALUE),
        Arbitraries.longs()
            .between(1, Double.doubleToRawLongBits(Double.MAX_VALUE))
            .map(Double::longBitsToDouble));
  }

  /** Doubles in (0, 1): decimals people write, and any bit pattern down to the subnormals. */
  private Arbitrary<Double> fractions() {
    return Arbitraries.oneOf(
        Arbitraries.of(0.999, 0.9995, 0.99, 0.95, 0.5, 0.1 + 0.2, 1 - Math.ulp(1.0)),
        Arbitraries.longs()
            .between(1, Double.doubleToRawLongBits(1.0) - 1)
            .map(Double::longBitsToDouble));
  }

  /** A slice's good-ratio target, in (0, 1]. */
  private Arbitrary<Double> sliceRatios() {
    return Arbitraries.oneOf(Arbitraries.just(1.0), fractions());
  }

  /** RFC 1123 labels of 1 to 63 characters. */
  private Arbitrary<String> names() {
    Arbitrary<Character> edge = Arbitraries.chars().range('a', 'z').range('0', '9');
    Arbitrary<String> middle =
        Arbitraries.strings()
            .withCharRange('a', 'z')
            .withCharRange('0', '9')
            .withChars('-')
            .ofMaxLength(61);
    return Arbitraries.oneOf(
        edge.map(String::valueOf),
        Combinators.combine(edge, middle, edge).as((a, m, z) -> a + m + z));
  }

  /** Any text the parser keeps as written: not empty, no blanks around it (it trims). */
  private Arbitrary<String> text() {
    return Arbitraries.oneOf(
        Arbitraries.of("Checkout availability", "yes", "null", "1e3", "a: b", "#1", "two\nlines"),
        nonBlank());
  }

  private Arbitrary<String> nonBlank() {
    return unicode(1, 20).filter(s -> s.equals(s.trim()) && !s.isEmpty());
  }

  /**
   * Any well-formed text: every character, also controls and supplementary ones, but no unpaired
   * surrogate, which is no Unicode text at all (UTF-8 cannot carry it).
   */
  private static Arbitrary<String> unicode(int minLength, int maxLength) {
    return Arbitraries.strings()
        .all()
        .ofMinLength(minLength)
        .ofMaxLength(maxLength)
        .filter(
            s ->
                s.codePoints()
                    .noneMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE));
  }

  private Arbitrary<String> descriptions() {
    return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just("")), Tuple.of(3, text()));
  }

  /** Any keys and values, as labels are kept verbatim (empty, padded, multi-line, YAML words). */
  private Arbitrary<Map<String, String>> labels() {
    Arbitrary<String> any =
        Arbitraries.oneOf(
            Arbitraries.of("", " padded ", "true", "~", "0x1F", ".inf", "010", "a\n", "- x"),
            unicode(0, 30));
    Arbitrary<String> keys =
        Arbitraries.oneOf(
            Arbitraries.of("team", "tier", "example.com/owner", "on", "1"),
            unicode(0, 20),
            Arbitraries.strings().alpha().ofMinLength(129).ofMaxLength(140));
    return Arbitraries.maps(keys, any).ofMaxSize(4);
  }

  /**
   * Annotations, with the Slipstream ones: guards with any value (the written alerting block
   * decides), and a runbook URL as either annotation, which then is the definition's runbook.
   */
  private Arbitrary<Annotations> annotations() {
    Arbitrary<Map<String, String>> others =
        Arbitraries.maps(
                unicode(0, 20).filter(k -> !k.startsWith("slipstream.io/")), unicode(0, 30))
            .ofMaxSize(3);
    Arbitrary<Map<String, String>> guards =
        Arbitraries.maps(
                Arbitraries.of(
                    "slipstream.io/min-events",
                    "slipstream.io/no-data-after",
                    "slipstream.io/resolve-hold-down"),
                Arbitraries.of("30", "15m", "none", "0", "ten"))
            .ofMaxSize(3);
    Arbitrary<Map<String, String>> runbooks =
        Arbitraries.maps(
                Arbitraries.of("slipstream.io/runbook-url", "runbook_url"),
                Arbitraries.of("https://runbooks.example.com/a", "", "see wiki"))
            .ofMaxSize(2);
    return Combinators.combine(others, guards, runbooks)
        .as(
            (o, g, r) -> {
              Map<String, String> all = new HashMap<>(o);
              all.putAll(g);
              all.putAll(r);
              String runbook =
                  all.getOrDefault(
                      "slipstream.io/runbook-url", all.getOrDefault("runbook_url", ""));
              return new Annotations(all, runbook);
            });
  }
}
