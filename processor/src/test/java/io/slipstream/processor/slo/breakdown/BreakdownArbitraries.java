package io.slipstream.processor.slo.breakdown;

import io.slipstream.avro.Outcome;
import io.slipstream.processor.slo.breakdown.BreakdownOracle.Event;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Streams of bad events for the breakdown's property tests: realistic names, names with the
 * contributor separator and escape, arbitrary Unicode (lone surrogates included), nulls, repeated
 * and unusual status codes, W3C and other trace ids.
 */
final class BreakdownArbitraries {
  private BreakdownArbitraries() {}

  /** Few distinct values per dimension: at most 4 x 4 x 4 = 64 contributors, the default limit. */
  static Arbitrary<List<Event>> fewValues() {
    return events(
        Arbitraries.of("POST /checkout", "GET /cart", "GET /a|b", "PUT \\x"),
        Arbitraries.of("eu-west-1", "us-east-1", "ap-south-1").injectNull(0.2),
        Arbitraries.of("eu-west-1a", "eu-west-1b", "us-east-1c").injectNull(0.2),
        Arbitraries.integers().between(0, 9).map(i -> "pod-" + i).injectNull(0.1),
        Arbitraries.of(500, 503, 429).injectNull(0.2),
        200);
  }

  /** Up to hundreds of distinct values per dimension, for value limits of 1 to 8. */
  static Arbitrary<List<Event>> manyValues() {
    Arbitrary<String> anyText = Arbitraries.strings().ofMaxLength(4);
    return events(
        Arbitraries.oneOf(
            Arbitraries.integers().between(0, 30).map(i -> "GET /r" + i),
            anyText,
            Arbitraries.of("a|", "|a", "a\\", "\\|", "||")),
        Arbitraries.oneOf(Arbitraries.integers().between(0, 12).map(i -> "region-" + i), anyText)
            .injectNull(0.1),
        Arbitraries.integers().between(0, 20).map(i -> "zone-" + i).injectNull(0.1),
        Arbitraries.oneOf(Arbitraries.integers().between(0, 80).map(i -> "pod-" + i), anyText)
            .injectNull(0.1),
        Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.integers().between(400, 599)),
                Tuple.of(1, Arbitraries.integers().between(Integer.MIN_VALUE, Integer.MAX_VALUE)))
            .injectNull(0.1),
        300);
  }

  static Arbitrary<String> traceIds() {
    return Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.just((String) null)),
        // A pool small enough that ids repeat.
        Tuple.of(
            6,
            Arbitraries.integers()
                .between(0, 400)
                .map(i -> String.format("%032x", i * 0x9E3779B97F4A7C15L))),
        Tuple.of(1, Arbitraries.strings().ofMaxLength(34)));
  }

  private static Arbitrary<List<Event>> events(
      Arbitrary<String> operations,
      Arbitrary<String> regions,
      Arbitrary<String> zones,
      Arbitrary<String> instances,
      Arbitrary<Integer> statuses,
      int maxEvents) {
    Arbitrary<Event> event =
        Combinators.combine(
                operations,
                regions,
                zones,
                instances,
                statuses,
                Arbitraries.of(Outcome.class),
                traceIds())
            .as(Event::new);
    return event.list().ofMaxSize(maxEvents);
  }
}
