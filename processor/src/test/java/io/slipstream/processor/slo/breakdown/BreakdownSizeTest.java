package io.slipstream.processor.slo.breakdown;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.avro.Outcome;
import io.slipstream.processor.slo.breakdown.BreakdownOracle.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * What a minute costs in the store, for the figures in {@code docs/breakdown.md}: each case prints
 * its encoded size (in {@code target/surefire-reports/*-output.txt}) and checks it stays in range.
 */
class BreakdownSizeTest {
  private static final Outcome[] OUTCOMES = Outcome.values();

  @Test
  void shouldStoreAnEmptyMinuteInFourBytes() {
    assertThat(report("no bad events", new MinuteBreakdown())).isEqualTo(4);
  }

  @Test
  void shouldStoreAConcentratedIncidentMinuteInUnderTwoKilobytes() {
    SplittableRandom random = new SplittableRandom(1);
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      events.add(
          new Event(
              "POST /checkout",
              "eu-west-1",
              "eu-west-1" + "abc".charAt(i % 3),
              "checkout-7d9f8b6c5-" + (i % 20),
              503,
              Outcome.ERROR,
              traceId(random)));
    }

    int bytes = report("1,000 events, 1 operation, 20 instances, 3 zones, all traced", events);

    assertThat(bytes).isBetween(1_400, 2_200);
  }

  @Test
  void shouldStoreAMixedMinuteInAboutThreeKilobytes() {
    SplittableRandom random = new SplittableRandom(2);
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      String region = "region-" + random.nextInt(3);
      events.add(
          new Event(
              "GET /api/v1/resource-" + random.nextInt(10),
              region,
              region + "abc".charAt(random.nextInt(3)),
              "pod-" + random.nextInt(30),
              500 + random.nextInt(4),
              OUTCOMES[random.nextInt(3)],
              random.nextInt(10) == 0 ? traceId(random) : null));
    }

    int bytes =
        report("1,000 events, 10 operations, 3 regions, 30 instances, 1 in 10 traced", events);

    assertThat(bytes).isBetween(2_400, 3_600);
  }

  @Test
  void shouldStoreAMinuteWithMoreValuesThanTheLimitInEveryDimensionInAboutTwentyFiveKilobytes() {
    SplittableRandom random = new SplittableRandom(3);
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      events.add(
          new Event(
              "GET /api/v1/resource-" + random.nextInt(500),
              "region-" + random.nextInt(100),
              "zone-" + random.nextInt(300),
              "pod-" + random.nextInt(2_000),
              400 + random.nextInt(200),
              OUTCOMES[random.nextInt(OUTCOMES.length)],
              traceId(random)));
    }

    int bytes = report("10,000 events, hundreds of values per dimension, all traced", events);

    assertThat(bytes).isBetween(20_000, 27_000);
  }

  private static int report(String label, List<Event> events) {
    return report(label, BreakdownOracle.aggregate(events, 64, 3));
  }

  private static int report(String label, MinuteBreakdown breakdown) {
    byte[] bytes = BreakdownCodec.encode(breakdown);
    System.out.printf(
        "breakdown of %s: %,d bytes encoded, about %,d bytes of heap decoded%n",
        label, bytes.length, heapBytes(bytes));
    return bytes.length;
  }

  /** Rough: the heap held by 100 decoded copies, per copy (printed, never asserted). */
  private static long heapBytes(byte[] bytes) {
    Runtime runtime = Runtime.getRuntime();
    System.gc();
    long before = runtime.totalMemory() - runtime.freeMemory();
    List<MinuteBreakdown> copies = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      copies.add(BreakdownCodec.decode(bytes));
    }
    System.gc();
    long after = runtime.totalMemory() - runtime.freeMemory();
    return copies.isEmpty() ? 0 : (after - before) / copies.size();
  }

  private static String traceId(SplittableRandom random) {
    return String.format("%016x%016x", random.nextLong(), random.nextLong());
  }
}
