package io.slipstream.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.slipstream.avro.Outcome;
import io.slipstream.avro.RequestEvent;
import io.slipstream.avro.SliSnapshot;
import io.slipstream.processor.key.SliKey;
import io.slipstream.processor.window.SliWindowReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Judges the topology against {@link RawEventOracle} over random streams: several services and
 * operations, latencies from 1 µs to a minute, bursts of identical events, and events arriving out
 * of order within the grace period. Counts and error counts must be exact, extremes exact,
 * quantiles within 1 %; and a different arrival order (still within the grace period) must publish
 * exactly the same snapshots.
 */
class SliTopologyPropertyTest {
  private static final long T0 = 1_700_002_800_000L;
  private static final long GRACE = 60_000;
  private static final long SPAN = 10 * 60_000;
  private static final List<String> SERVICES = List.of("checkout", "search", "payments");
  private static final List<String> OPERATIONS = List.of("GET /a", "POST /b", "GET /c/{id}");
  private static final int[] STATUSES = {200, 200, 200, 201, 404, 429, 500, 503};

  /** One generated request: its place in the stream, its jitters, and what it carries. */
  record Spec(
      long offset,
      long timeJitter,
      long arrivalJitterA,
      long arrivalJitterB,
      int service,
      int operation,
      long latency,
      int status,
      int copies) {}

  @Property(tries = 100)
  void shouldMatchTheOracleWhateverTheOrderWithinGrace(@ForAll("streams") List<Spec> specs) {
    List<RequestEvent> byArrivalA = arrivalOrder(specs, true);
    List<RequestEvent> byArrivalB = arrivalOrder(specs, false);
    RawEventOracle oracle = new RawEventOracle(10_000);
    RawEventOracle minuteOracle = new RawEventOracle(60_000);
    byArrivalA.forEach(oracle::accept);
    byArrivalA.forEach(minuteOracle::accept);

    Published publishedA = run(byArrivalA);
    Published publishedB = run(byArrivalB);

    assertMatches(publishedA.buckets(), oracle.results());
    assertMatches(publishedA.minutes(), minuteOracle.results());
    for (String service : SERVICES) {
      // every request of the service, plus the one sent last to close the buckets, which is still
      // in an open base bucket: the reader merges rollups with what is not folded into them yet
      long sent =
          specs.stream()
                  .filter(spec -> SERVICES.get(spec.service()).equals(service))
                  .mapToLong(Spec::copies)
                  .sum()
              + 1;
      assertThat(publishedA.readCounts().get(service))
          .as("read count of %s", service)
          .isEqualTo(sent);
    }
    assertThat(sorted(publishedB.buckets()))
        .as("another order within grace")
        .isEqualTo(sorted(publishedA.buckets()));
    assertThat(sorted(publishedB.minutes()))
        .as("another order within grace, minutes")
        .isEqualTo(sorted(publishedA.minutes()));
  }

  private static void assertMatches(
      List<SliSnapshot> published, Map<RawEventOracle.Cell, RawEventOracle.Exact> expected) {
    Map<RawEventOracle.Cell, SliSnapshot> actual = new HashMap<>();
    for (SliSnapshot s : published) {
      actual.put(
          new RawEventOracle.Cell(
              s.getService(), s.getOperation(), s.getWindowStart().toEpochMilli()),
          s);
    }
    assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    expected.forEach(
        (cell, exact) -> {
          SliSnapshot s = actual.get(cell);
          assertThat(s.getRequestCount()).as("count of %s", cell).isEqualTo(exact.count());
          assertThat(s.getErrorCount()).as("errors of %s", cell).isEqualTo(exact.errors());
          assertThat(s.getLatencyMinMicros()).isEqualTo(exact.min());
          assertThat(s.getLatencyMaxMicros()).isEqualTo(exact.max());
          assertWithinOnePercent(s.getLatencyP50Micros(), exact.quantile(0.5));
          assertWithinOnePercent(s.getLatencyP90Micros(), exact.quantile(0.9));
          assertWithinOnePercent(s.getLatencyP95Micros(), exact.quantile(0.95));
          assertWithinOnePercent(s.getLatencyP99Micros(), exact.quantile(0.99));
          assertWithinOnePercent(s.getLatencyP999Micros(), exact.quantile(0.999));
        });
  }

  private static void assertWithinOnePercent(Double reported, long exact) {
    assertThat(reported).isNotNull();
    assertThat(reported).isCloseTo(exact, offset(exact * 0.01 + 1e-9));
  }

  /** What a run published (10 s buckets and minutes before T0 + 30 min) and read back. */
  private record Published(
      List<SliSnapshot> buckets, List<SliSnapshot> minutes, Map<String, Long> readCounts) {}

  private Published run(List<RequestEvent> events) {
    String prefix = UUID.randomUUID().toString().substring(0, 8) + "-";
    try (TopologyFixture fixture =
        new TopologyFixture(
            TopologyFixture.inMemoryRegistry(),
            prefix,
            SliSettings.defaults(),
            Instant.ofEpochMilli(T0 + 3_600_000))) {
      events.forEach(fixture::send);
      for (String service : SERVICES) {
        fixture.send(TopologyFixture.event(service, "GET /a", T0 + 40 * 60_000, 1, 200));
      }
      assertThat(fixture.requestEventsDlq.isEmpty()).as("no event is late or invalid").isTrue();
      List<SliSnapshot> snapshots = fixture.sliSnapshots.readValuesToList();
      SliWindowReader reader =
          new SliWindowReader(
              fixture.store(StoreNames.SLI_BUCKETS),
              fixture.store(StoreNames.SLI_MINUTE_ROLLUPS),
              fixture.store(StoreNames.SLI_HOUR_ROLLUPS),
              10_000);
      Map<String, Long> readCounts = new HashMap<>();
      for (String service : SERVICES) {
        long overMinutes = reader.read(SliKey.forService(service), T0, T0 + 50 * 60_000).count();
        long overHours = reader.read(SliKey.forService(service), T0, T0 + 2 * 3_600_000).count();
        assertThat(overHours).as("%s read by minutes and by hours", service).isEqualTo(overMinutes);
        readCounts.put(service, overHours);
      }
      return new Published(windowsOf(snapshots, 10_000), windowsOf(snapshots, 60_000), readCounts);
    }
  }

  private static List<SliSnapshot> windowsOf(List<SliSnapshot> snapshots, long size) {
    return snapshots.stream()
        .filter(s -> s.getWindowEnd().toEpochMilli() - s.getWindowStart().toEpochMilli() == size)
        .filter(s -> s.getWindowStart().toEpochMilli() < T0 + 30 * 60_000)
        .toList();
  }

  private static List<SliSnapshot> sorted(List<SliSnapshot> snapshots) {
    return snapshots.stream()
        .sorted(
            Comparator.comparing((SliSnapshot s) -> s.getService())
                .thenComparing(s -> String.valueOf(s.getOperation()))
                .thenComparing(SliSnapshot::getWindowStart))
        .toList();
  }

  /**
   * Events ordered by offset plus an arrival jitter of at most half the grace; event times jitter
   * by at most a quarter of it. An event then arrives at most one grace behind any earlier one:
   * never late.
   */
  private static List<RequestEvent> arrivalOrder(List<Spec> specs, boolean orderA) {
    List<Spec> ordered = new ArrayList<>(specs);
    ordered.sort(
        Comparator.comparingLong(
            s -> s.offset() + (orderA ? s.arrivalJitterA() : s.arrivalJitterB())));
    List<RequestEvent> events = new ArrayList<>();
    for (Spec spec : ordered) {
      for (int copy = 0; copy < spec.copies(); copy++) {
        events.add(
            RequestEvent.newBuilder()
                .setService(SERVICES.get(spec.service()))
                .setOperation(OPERATIONS.get(spec.operation()))
                .setTimestamp(Instant.ofEpochMilli(T0 + spec.offset() + spec.timeJitter()))
                .setLatencyMicros(spec.latency())
                .setStatusCode(STATUSES[spec.status()])
                .setOutcome(STATUSES[spec.status()] >= 500 ? Outcome.ERROR : Outcome.SUCCESS)
                // Trace ids depend on the event, never on its arrival position.
                .setTraceId(String.format("%016x%016x", spec.hashCode(), copy))
                .build());
      }
    }
    return events;
  }

  @Provide
  Arbitrary<List<Spec>> streams() {
    Arbitrary<Long> latency =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(6, Arbitraries.longs().between(200, 50_000)),
            net.jqwik.api.Tuple.of(2, Arbitraries.longs().between(1, 60_000_000)),
            net.jqwik.api.Tuple.of(1, Arbitraries.of(0L, 1L, 1_000L)));
    Arbitrary<Spec> spec =
        Combinators.combine(
                List.of(
                    Arbitraries.longs().between(GRACE, SPAN).map(v -> (Object) v),
                    Arbitraries.longs().between(-GRACE / 4, GRACE / 4).map(v -> (Object) v),
                    Arbitraries.longs().between(0, GRACE / 2).map(v -> (Object) v),
                    Arbitraries.longs().between(0, GRACE / 2).map(v -> (Object) v),
                    Arbitraries.integers().between(0, SERVICES.size() - 1).map(v -> (Object) v),
                    Arbitraries.integers().between(0, OPERATIONS.size() - 1).map(v -> (Object) v),
                    latency.map(v -> (Object) v),
                    Arbitraries.integers().between(0, STATUSES.length - 1).map(v -> (Object) v),
                    Arbitraries.frequency(
                            net.jqwik.api.Tuple.of(9, 1), net.jqwik.api.Tuple.of(1, 20))
                        .map(v -> (Object) v)))
            .as(
                values ->
                    new Spec(
                        (Long) values.get(0),
                        (Long) values.get(1),
                        (Long) values.get(2),
                        (Long) values.get(3),
                        (Integer) values.get(4),
                        (Integer) values.get(5),
                        (Long) values.get(6),
                        (Integer) values.get(7),
                        (Integer) values.get(8)));
    return spec.list().ofMinSize(1).ofMaxSize(150);
  }
}
