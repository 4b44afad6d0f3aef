package io.slipstream.processor.reliability;

import io.slipstream.avro.Outcome;
import io.slipstream.avro.RequestEvent;
import io.slipstream.processor.topology.PageRuleOracle;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A reproducible stream of request events with incidents: {@code checkout} (the service of {@link
 * PageRuleOracle#SLO}) and {@code search} answer at a steady pace, in event-time order; checkout
 * fails 0.3 % of the time, and 40 % of the time during three error bursts (6, 3 and 10 minutes: the
 * short one stays below the page threshold). Latencies, operations and which requests fail come
 * from the seed.
 */
final class IncidentTraffic {
  static final String CHECKOUT = "checkout";
  static final String SEARCH = "search";
  private static final List<String> OPERATIONS = List.of("GET /cart", "POST /orders", "GET /items");
  private static final long MINUTE = 60_000;
  private static final long[][] BURSTS = {
    {20 * MINUTE, 26 * MINUTE}, {45 * MINUTE, 48 * MINUTE}, {70 * MINUTE, 80 * MINUTE}
  };

  private IncidentTraffic() {}

  /**
   * Events from {@code start} (a multiple of 10 s, so that every evaluation boundary has an event)
   * for {@code minutes}, in event-time order: checkout every {@code checkoutIntervalMs} (a divisor
   * of 10 s), search every second interval.
   */
  static List<RequestEvent> generate(long start, int minutes, long checkoutIntervalMs, long seed) {
    return generate(start, minutes, checkoutIntervalMs, seed, List.of());
  }

  /**
   * The same stream, with {@code background} services answering at search's pace (1 % errors), so
   * that a pipeline with more partitions has work on each of them.
   */
  static List<RequestEvent> generate(
      long start, int minutes, long checkoutIntervalMs, long seed, List<String> background) {
    if (10_000 % checkoutIntervalMs != 0) {
      throw new IllegalArgumentException(
          "the interval must divide 10 s, was " + checkoutIntervalMs);
    }
    Random random = new Random(seed);
    List<RequestEvent> events = new ArrayList<>();
    for (long offset = 0; offset < minutes * MINUTE; offset += checkoutIntervalMs) {
      double errorRate = inBurst(offset) ? 0.4 : 0.003;
      events.add(event(CHECKOUT, start + offset, random, random.nextDouble() < errorRate));
      if (offset % (2 * checkoutIntervalMs) == 0) {
        events.add(event(SEARCH, start + offset, random, random.nextDouble() < 0.01));
        for (String service : background) {
          events.add(event(service, start + offset, random, random.nextDouble() < 0.01));
        }
      }
    }
    return events;
  }

  /**
   * A start two hours back, on a whole minute: the stream ends 20 minutes before now, well within
   * the processor's limits for old and future events.
   */
  static long twoHoursAgo() {
    return Math.floorDiv(System.currentTimeMillis() - 2 * 60 * MINUTE, MINUTE) * MINUTE;
  }

  /** A resource sample of each service every 10 s, from {@code from} through {@code to}. */
  static List<io.slipstream.avro.ResourceSample> samples(long from, long to) {
    return samples(from, to, List.of(CHECKOUT, SEARCH));
  }

  /**
   * A resource sample of each of {@code services} every 10 s, from {@code from} through {@code to}.
   */
  static List<io.slipstream.avro.ResourceSample> samples(
      long from, long to, List<String> services) {
    List<io.slipstream.avro.ResourceSample> samples = new ArrayList<>();
    for (long t = from; t <= to; t += 10_000) {
      for (String service : services) {
        samples.add(
            io.slipstream.avro.ResourceSample.newBuilder()
                .setService(service)
                .setInstance(service + "-1")
                .setTimestamp(Instant.ofEpochMilli(t))
                .setCpuUtilization(0.4)
                .setMemoryUtilization(0.5)
                .build());
      }
    }
    return samples;
  }

  private static boolean inBurst(long offset) {
    for (long[] burst : BURSTS) {
      if (offset >= burst[0] && offset < burst[1]) {
        return true;
      }
    }
    return false;
  }

  private static RequestEvent event(String service, long time, Random random, boolean error) {
    return RequestEvent.newBuilder()
        .setService(service)
        .setOperation(OPERATIONS.get(random.nextInt(OPERATIONS.size())))
        .setTimestamp(Instant.ofEpochMilli(time))
        .setLatencyMicros(1_000 + random.nextInt(200_000))
        .setStatusCode(error ? 503 : 200)
        .setOutcome(error ? Outcome.ERROR : Outcome.SUCCESS)
        .setTraceId(String.format("%032x", random.nextLong() & Long.MAX_VALUE))
        .build();
  }
}
