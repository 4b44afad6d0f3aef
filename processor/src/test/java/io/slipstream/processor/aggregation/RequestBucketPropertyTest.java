package io.slipstream.processor.aggregation;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.processor.aggregation.RequestEventsOracle.Event;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.DoubleStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * {@link RequestBucket}, its merge and its codec, judged by {@link RequestEventsOracle} over random
 * streams: zero latencies, 1 µs to 60 s on a log scale, tiny values, huge values up to {@code
 * Long.MAX_VALUE}, and bursts of up to 200 identical latencies.
 */
class RequestBucketPropertyTest {

  /** The quantiles the snapshots publish. */
  private static final double[] PUBLISHED = SnapshotFactory.QUANTILES;

  /** 0, 0.01, ..., 0.99, 1 and the published ones: for checks that must hold at every rank. */
  private static final double[] EVERY_PERCENT =
      DoubleStream.concat(
              DoubleStream.iterate(0, q -> q <= 1.0, q -> q + 0.01).map(q -> Math.min(q, 1)),
              Arrays.stream(PUBLISHED))
          .toArray();

  @Property(tries = 300)
  void shouldMatchTheOracleExactlyForCountsAndWithinOnePercentForQuantiles(
      @ForAll("streams") List<Event> events) {
    RequestEventsOracle oracle = RequestEventsOracle.of(events);
    RequestBucket bucket = RequestEventsOracle.aggregate(events);

    assertThat(bucket.count()).isEqualTo(oracle.count());
    assertThat(bucket.errorCount()).isEqualTo(oracle.errorCount());
    assertThat(bucket.errorRatio()).isEqualTo((double) oracle.errorCount() / oracle.count());
    assertThat(bucket.minLatencyMicros()).isEqualTo(oracle.min());
    assertThat(bucket.maxLatencyMicros()).isEqualTo(oracle.max());
    for (double q : EVERY_PERCENT) {
      assertWithinOnePercent(bucket.quantile(q), oracle.exactQuantile(q), q);
    }
    assertThat(bucket.slowestExemplars())
        .isEqualTo(oracle.slowestExemplars(RequestBucket.DEFAULT_EXEMPLAR_LIMIT));
    assertThat(bucket.failedTraceIds())
        .isEqualTo(oracle.failedTraceIds(RequestBucket.DEFAULT_EXEMPLAR_LIMIT));
  }

  @Property(tries = 200)
  void shouldGiveTheSameAnswersWhenChunksAreMergedInAnyOrder(
      @ForAll("streams") List<Event> events, @ForAll Random random) {
    List<RequestBucket> parts = new ArrayList<>();
    for (List<Event> chunk : randomChunks(events, random)) {
      parts.add(RequestEventsOracle.aggregate(chunk));
    }
    // Any merge tree: repeatedly merge a random part into another random part.
    while (parts.size() > 1) {
      RequestBucket into = parts.get(random.nextInt(parts.size()));
      RequestBucket from = parts.get(random.nextInt(parts.size()));
      if (into != from) {
        into.merge(from);
        parts.remove(from);
      }
    }
    RequestBucket merged = parts.get(0);
    RequestBucket whole = RequestEventsOracle.aggregate(events);
    RequestEventsOracle oracle = RequestEventsOracle.of(events);

    assertSameAggregate(merged, whole);
    for (double q : PUBLISHED) {
      assertWithinOnePercent(merged.quantile(q), oracle.exactQuantile(q), q);
    }
  }

  @Property(tries = 100)
  void shouldMergeAssociativelyAndCommutatively(
      @ForAll("streams") List<Event> a,
      @ForAll("streams") List<Event> b,
      @ForAll("streams") List<Event> c) {
    RequestBucket leftFirst = RequestEventsOracle.aggregate(a);
    leftFirst.merge(RequestEventsOracle.aggregate(b));
    leftFirst.merge(RequestEventsOracle.aggregate(c));

    RequestBucket rightFirst = RequestEventsOracle.aggregate(b);
    rightFirst.merge(RequestEventsOracle.aggregate(c));
    RequestBucket aThenRest = RequestEventsOracle.aggregate(a);
    aThenRest.merge(rightFirst);

    RequestBucket reversed = RequestEventsOracle.aggregate(c);
    reversed.merge(RequestEventsOracle.aggregate(b));
    reversed.merge(RequestEventsOracle.aggregate(a));

    assertSameAggregate(aThenRest, leftFirst);
    assertSameAggregate(reversed, leftFirst);
  }

  @Property(tries = 200)
  void shouldPreserveEverythingThroughTheCodec(
      @ForAll("streams") List<Event> events, @ForAll("latencies") long oneMore) {
    RequestBucket bucket = RequestEventsOracle.aggregate(events);

    byte[] bytes = RequestBucketCodec.encode(bucket);
    RequestBucket decoded = RequestBucketCodec.decode(bytes);

    assertSameAggregate(decoded, bucket);
    assertThat(decoded.exemplarLimit()).isEqualTo(bucket.exemplarLimit());
    assertThat(RequestBucketCodec.encode(decoded)).isEqualTo(bytes);
    // The decoded bucket is live: it goes on aggregating exactly like the original.
    decoded.add(oneMore, true, "after-restore");
    bucket.add(oneMore, true, "after-restore");
    assertThat(RequestBucketCodec.encode(decoded)).isEqualTo(RequestBucketCodec.encode(bucket));
  }

  @Property(tries = 100)
  void shouldNeverAllowTheSketchToGrowBeyondTheLongMicrosecondDomain(
      @ForAll("streams") List<Event> events) {
    RequestBucket bucket = RequestEventsOracle.aggregate(events);
    if (bucket.sketch().getPositiveValueStore().isEmpty()) {
      return;
    }
    int span =
        bucket.sketch().getPositiveValueStore().getMaxIndex()
            - bucket.sketch().getPositiveValueStore().getMinIndex();
    assertThat(span).isLessThanOrEqualTo(2210);
  }

  static void assertSameAggregate(RequestBucket actual, RequestBucket expected) {
    assertThat(actual.count()).isEqualTo(expected.count());
    assertThat(actual.errorCount()).isEqualTo(expected.errorCount());
    if (!expected.isEmpty()) {
      assertThat(actual.minLatencyMicros()).isEqualTo(expected.minLatencyMicros());
      assertThat(actual.maxLatencyMicros()).isEqualTo(expected.maxLatencyMicros());
    }
    for (double q : EVERY_PERCENT) {
      // Lossless: the same bins, so bit-for-bit the same quantiles, not merely within 1 %.
      // Double.compare: NaN (empty) equals NaN.
      assertThat(Double.compare(actual.quantile(q), expected.quantile(q)))
          .as("quantile %s: %s vs %s", q, actual.quantile(q), expected.quantile(q))
          .isZero();
    }
    assertThat(actual.slowestExemplars()).isEqualTo(expected.slowestExemplars());
    assertThat(actual.failedTraceIds()).isEqualTo(expected.failedTraceIds());
  }

  static void assertWithinOnePercent(double actual, long exact, double q) {
    // 1e-12: the same floating-point slack as sketches-java's own accuracy tests.
    double allowed = (RequestBucket.RELATIVE_ACCURACY + 1e-12) * exact;
    assertThat(Math.abs(actual - exact))
        .as("quantile %s: sketch says %s, exact is %s", q, actual, exact)
        .isLessThanOrEqualTo(allowed);
  }

  private static List<List<Event>> randomChunks(List<Event> events, Random random) {
    int cuts = random.nextInt(8);
    int[] at = new int[cuts + 2];
    for (int i = 1; i <= cuts; i++) {
      at[i] = random.nextInt(events.size() + 1);
    }
    at[cuts + 1] = events.size();
    Arrays.sort(at);
    List<List<Event>> chunks = new ArrayList<>();
    for (int i = 0; i + 1 < at.length; i++) {
      chunks.add(events.subList(at[i], at[i + 1])); // may be empty: merging empties is tested too
    }
    return chunks;
  }

  @Provide
  Arbitrary<List<Event>> streams() {
    Arbitrary<Integer> runLength =
        Arbitraries.frequencyOf(
            Tuple.of(8, Arbitraries.just(1)), Tuple.of(2, Arbitraries.integers().between(2, 200)));
    Arbitrary<List<Event>> run =
        Combinators.combine(latencies(), runLength)
            .flatAs(
                (latency, length) ->
                    Combinators.combine(errors(), traceIds())
                        .as((error, traceId) -> new Event(latency, error, traceId))
                        .list()
                        .ofSize(length));
    return run.list()
        .ofMinSize(1)
        .ofMaxSize(40)
        .map(runs -> runs.stream().flatMap(List::stream).toList());
  }

  @Provide
  Arbitrary<Long> latencies() {
    return Arbitraries.frequencyOf(
        Tuple.of(1, Arbitraries.just(0L)),
        Tuple.of(2, Arbitraries.longs().between(1, 100)),
        // 1 µs to 60 s, uniform on a log scale like real latencies.
        Tuple.of(
            6,
            Arbitraries.doubles()
                .between(0, 1)
                .ofScale(6)
                .map(f -> Math.round(Math.exp(f * Math.log(60_000_000))))),
        Tuple.of(1, Arbitraries.longs().between(60_000_000L, Long.MAX_VALUE)));
  }

  private static Arbitrary<Boolean> errors() {
    return Arbitraries.frequency(Tuple.of(3, true), Tuple.of(7, false));
  }

  private static Arbitrary<String> traceIds() {
    return Arbitraries.frequencyOf(
            // A small pool, so the same trace id recurs and de-duplication is exercised.
            Tuple.of(4, Arbitraries.integers().between(0, 12).map(i -> "trace-" + i)),
            Tuple.of(4, Arbitraries.strings().withChars("0123456789abcdef").ofLength(32)),
            // Ignored as exemplars: empty and too long.
            Tuple.of(1, Arbitraries.of("", "x".repeat(RequestBucket.MAX_TRACE_ID_LENGTH + 1))))
        .injectNull(0.3);
  }
}
