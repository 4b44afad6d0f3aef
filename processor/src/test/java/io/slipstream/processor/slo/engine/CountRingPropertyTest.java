package io.slipstream.processor.slo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/**
 * The ring's incrementally kept window sums equal sums recomputed from every bucket added, for any
 * mix of adds (current, old, beyond the horizon, ahead) and moves of the end, however far; and it
 * finds the next bucket with counts as a search of the buckets added would.
 */
class CountRingPropertyTest {
  private static final long MINUTE = 60_000;
  private static final long T0 = 1_700_000_000_000L / MINUTE * MINUTE;
  private static final long[] WINDOWS = {5 * MINUTE, 30 * MINUTE, 60 * MINUTE, 6 * 60 * MINUTE};
  private static final long HORIZON = 6 * 60 * MINUTE;

  @Property(tries = 200)
  void shouldKeepEveryWindowsSumsExactly(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
    Random random = new Random(seed);
    CountRing ring = new CountRing(MINUTE, WINDOWS);
    // bucket start -> {good, total}, as accepted by the ring
    TreeMap<Long, long[]> added = new TreeMap<>();
    long latest = T0;
    for (int op = 0; op < 400; op++) {
      int kind = random.nextInt(10);
      if (kind < 7) {
        // Mostly around the end, sometimes far behind (beyond the horizon) or ahead.
        long offset =
            kind == 0
                ? -(long) (random.nextDouble() * 2 * HORIZON)
                : kind == 1 ? (long) (random.nextDouble() * 3 * MINUTE) : -random.nextInt(600_000);
        long time = latest + offset;
        long total = 1 + random.nextInt(5);
        long good = random.nextInt((int) total + 1);
        long bucket = Math.floorDiv(time, MINUTE) * MINUTE;
        long end = ring.end() == Long.MIN_VALUE ? bucket : Math.max(ring.end(), bucket);
        ring.add(time, good, total);
        if (end - bucket < HORIZON) {
          added.merge(
              bucket, new long[] {good, total}, (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
        }
        latest = Math.max(latest, time);
      } else {
        long step =
            kind == 9 ? (long) (random.nextDouble() * 2 * HORIZON) : random.nextInt(300_000);
        latest += step;
        if (ring.end() != Long.MIN_VALUE) {
          ring.advanceTo(latest);
        }
      }
      assertSums(ring, added);
      assertNextCounts(ring, added, random);
    }
  }

  /** Where the ring next has counts, against the buckets added that are still inside it. */
  private static void assertNextCounts(CountRing ring, TreeMap<Long, long[]> added, Random random) {
    long end = ring.end();
    if (end == Long.MIN_VALUE) {
      assertThat(ring.nextCountsFrom(T0, 10)).isEqualTo(Long.MAX_VALUE);
      return;
    }
    long from = end - (long) (random.nextDouble() * (HORIZON - MINUTE));
    int maxBuckets = 1 + random.nextInt(120);
    long first = Math.floorDiv(from, MINUTE) * MINUTE;
    Long counted = added.ceilingKey(first);
    long expected;
    if (counted != null && counted <= end && counted < first + maxBuckets * MINUTE) {
      expected = counted;
    } else {
      long stop = first + maxBuckets * MINUTE;
      expected = stop > end ? Long.MAX_VALUE : stop;
    }
    assertThat(ring.nextCountsFrom(from, maxBuckets))
        .as("next counts from %d, %d buckets, end %d", from, maxBuckets, end)
        .isEqualTo(expected);
  }

  private static void assertSums(CountRing ring, TreeMap<Long, long[]> added) {
    long end = ring.end();
    for (int i = 0; i < WINDOWS.length; i++) {
      long good = 0;
      long total = 0;
      if (end != Long.MIN_VALUE) {
        for (long[] counts : added.subMap(end - WINDOWS[i], false, end, true).values()) {
          good += counts[0];
          total += counts[1];
        }
      }
      assertThat(new long[] {ring.windowGood(i), ring.windowTotal(i)})
          .as("window %d min ending at %d", WINDOWS[i] / MINUTE, end)
          .containsExactly(good, total);
    }
  }
}
