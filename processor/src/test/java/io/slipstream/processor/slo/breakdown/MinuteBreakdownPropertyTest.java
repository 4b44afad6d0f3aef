package io.slipstream.processor.slo.breakdown;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.processor.slo.breakdown.BreakdownOracle.Event;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link MinuteBreakdown} judged by {@link BreakdownOracle}: exact within the value limit, the
 * smallest hashes with exact counts beyond it, and the same result whatever the order of the
 * events, their split into minutes and the order of the merges.
 */
class MinuteBreakdownPropertyTest {

  @Property(tries = 300)
  void shouldEqualTheOracleExactlyWhenNoDimensionHasMoreValuesThanTheLimit(
      @ForAll("fewValues") List<Event> events, @ForAll @IntRange(min = 0, max = 4) int exemplars) {
    MinuteBreakdown breakdown =
        BreakdownOracle.aggregate(events, MinuteBreakdown.DEFAULT_VALUE_LIMIT, exemplars);
    BreakdownOracle oracle = BreakdownOracle.of(events);

    assertThat(breakdown.totalBad()).isEqualTo(oracle.total());
    for (BreakdownDimension dimension : BreakdownDimension.values()) {
      assertThat(breakdown.folded(dimension)).as("%s folded", dimension).isZero();
      assertThat(breakdown.kept(dimension))
          .extracting(kept -> kept.value)
          .as("%s values", dimension)
          .containsExactlyElementsOf(oracle.values(dimension).keySet());
      assertCountsAndExemplars(breakdown, oracle, dimension);
    }
  }

  @Property(tries = 500)
  void shouldKeepTheValuesWithTheSmallestHashesWithExactCountsAndFoldTheRest(
      @ForAll("manyValues") List<Event> events,
      @ForAll @IntRange(min = 1, max = 8) int valueLimit,
      @ForAll @IntRange(min = 0, max = 4) int exemplars) {
    MinuteBreakdown breakdown = BreakdownOracle.aggregate(events, valueLimit, exemplars);
    BreakdownOracle oracle = BreakdownOracle.of(events);

    assertThat(breakdown.totalBad()).isEqualTo(oracle.total());
    for (BreakdownDimension dimension : BreakdownDimension.values()) {
      List<KeptValue> kept = breakdown.kept(dimension);
      assertThat(kept)
          .extracting(value -> value.value)
          .as("%s values", dimension)
          .containsExactlyElementsOf(oracle.keptValues(dimension, valueLimit));
      assertCountsAndExemplars(breakdown, oracle, dimension);
      long keptSum = kept.stream().mapToLong(value -> value.count).sum();
      assertThat(breakdown.folded(dimension)).isEqualTo(oracle.total() - keptSum);
    }
  }

  @Property(tries = 300)
  void shouldGiveTheSameBreakdownForAnyOrderAnySplitIntoMinutesAndAnyMergeOrder(
      @ForAll("manyValues") List<Event> events,
      @ForAll @IntRange(min = 1, max = 8) int valueLimit,
      @ForAll Random random) {
    MinuteBreakdown whole = BreakdownOracle.aggregate(events, valueLimit, 3);

    List<Event> shuffled = new ArrayList<>(events);
    Collections.shuffle(shuffled, random);
    List<MinuteBreakdown> minutes = new ArrayList<>();
    for (List<Event> chunk : randomChunks(shuffled, random)) {
      MinuteBreakdown minute = BreakdownOracle.aggregate(chunk, valueLimit, 3);
      // Half of the minutes come back from the store, as they would in the engine.
      minutes.add(
          random.nextBoolean() ? BreakdownCodec.decode(BreakdownCodec.encode(minute)) : minute);
    }
    while (minutes.size() > 1) {
      MinuteBreakdown into = minutes.get(random.nextInt(minutes.size()));
      MinuteBreakdown from = minutes.get(random.nextInt(minutes.size()));
      if (into != from) {
        into.mergeFrom(from);
        minutes.remove(from);
      }
    }

    assertThat(minutes.get(0)).isEqualTo(whole);
    assertThat(minutes.get(0).hashCode()).isEqualTo(whole.hashCode());
    assertThat(BreakdownCodec.encode(minutes.get(0))).isEqualTo(BreakdownCodec.encode(whole));
  }

  @Property(tries = 200)
  void shouldMergeAssociativelyAndCommutatively(
      @ForAll("manyValues") List<Event> a,
      @ForAll("manyValues") List<Event> b,
      @ForAll("manyValues") List<Event> c,
      @ForAll @IntRange(min = 1, max = 8) int valueLimit) {
    MinuteBreakdown leftFirst = BreakdownOracle.aggregate(a, valueLimit, 2);
    leftFirst.mergeFrom(BreakdownOracle.aggregate(b, valueLimit, 2));
    leftFirst.mergeFrom(BreakdownOracle.aggregate(c, valueLimit, 2));

    MinuteBreakdown rightFirst = BreakdownOracle.aggregate(b, valueLimit, 2);
    rightFirst.mergeFrom(BreakdownOracle.aggregate(c, valueLimit, 2));
    MinuteBreakdown aThenRest = BreakdownOracle.aggregate(a, valueLimit, 2);
    aThenRest.mergeFrom(rightFirst);

    MinuteBreakdown reversed = BreakdownOracle.aggregate(c, valueLimit, 2);
    reversed.mergeFrom(BreakdownOracle.aggregate(b, valueLimit, 2));
    reversed.mergeFrom(BreakdownOracle.aggregate(a, valueLimit, 2));

    assertThat(aThenRest).isEqualTo(leftFirst);
    assertThat(reversed).isEqualTo(leftFirst);
  }

  @Property(tries = 200)
  void shouldMergeBreakdownsOfDifferentLimitsAtTheSmallerLimits(
      @ForAll("manyValues") List<Event> a,
      @ForAll("manyValues") List<Event> b,
      @ForAll @IntRange(min = 1, max = 8) int valueLimitA,
      @ForAll @IntRange(min = 1, max = 8) int valueLimitB,
      @ForAll @IntRange(min = 0, max = 4) int exemplarsA,
      @ForAll @IntRange(min = 0, max = 4) int exemplarsB) {
    MinuteBreakdown merged = BreakdownOracle.aggregate(a, valueLimitA, exemplarsA);
    merged.mergeFrom(BreakdownOracle.aggregate(b, valueLimitB, exemplarsB));

    List<Event> union = new ArrayList<>(a);
    union.addAll(b);
    assertThat(merged)
        .isEqualTo(
            BreakdownOracle.aggregate(
                union, Math.min(valueLimitA, valueLimitB), Math.min(exemplarsA, exemplarsB)));
  }

  @Property(tries = 100)
  void shouldDoubleEveryCountWhenMergedIntoItself(
      @ForAll("manyValues") List<Event> events,
      @ForAll @IntRange(min = 1, max = 8) int valueLimit) {
    MinuteBreakdown breakdown = BreakdownOracle.aggregate(events, valueLimit, 3);
    breakdown.mergeFrom(breakdown);

    List<Event> twice = new ArrayList<>(events);
    twice.addAll(events);
    assertThat(breakdown).isEqualTo(BreakdownOracle.aggregate(twice, valueLimit, 3));
  }

  private static void assertCountsAndExemplars(
      MinuteBreakdown breakdown, BreakdownOracle oracle, BreakdownDimension dimension) {
    for (KeptValue kept : breakdown.kept(dimension)) {
      assertThat(kept.count)
          .as("%s %s count", dimension, kept.value)
          .isEqualTo(oracle.values(dimension).get(kept.value).count());
      assertThat(kept.exemplars())
          .as("%s %s exemplars", dimension, kept.value)
          .isEqualTo(oracle.exemplars(dimension, kept.value, breakdown.exemplarLimit()));
    }
  }

  private static List<List<Event>> randomChunks(List<Event> events, Random random) {
    int cuts = random.nextInt(10);
    int[] at = new int[cuts + 2];
    for (int i = 1; i <= cuts; i++) {
      at[i] = random.nextInt(events.size() + 1);
    }
    at[cuts + 1] = events.size();
    Arrays.sort(at);
    List<List<Event>> chunks = new ArrayList<>();
    for (int i = 0; i + 1 < at.length; i++) {
      chunks.add(events.subList(at[i], at[i + 1])); // may be empty: empty minutes merge too
    }
    return chunks;
  }

  @Provide
  Arbitrary<List<Event>> fewValues() {
    return BreakdownArbitraries.fewValues();
  }

  @Provide
  Arbitrary<List<Event>> manyValues() {
    return BreakdownArbitraries.manyValues();
  }
}
