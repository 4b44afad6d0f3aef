package io.slipstream.processor.aggregation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeSet;

/**
 * The reference implementation that judges {@link RequestBucket}: it keeps every raw event and
 * computes every number the obvious way, by sorting and counting.
 *
 * <p>Quantile convention, matching DDSketch 0.8.3 ({@code DDSketch.getValueAtQuantile}: {@code rank
 * = q * (count - 1)}, answer = the first bin whose cumulative count exceeds {@code rank}): the
 * exact q-quantile is the value at zero-based index {@code floor(q * (n - 1))} of the sorted
 * latencies. The sketch's answer must be within 1 % relative error of it. (sketches-java's own
 * {@code RelativeAccuracyTester} accepts anything between the values at floor and ceil of that
 * rank; the floor alone is the stricter test.)
 */
final class RequestEventsOracle {

  /** One request as the bucket sees it. */
  record Event(long latencyMicros, boolean error, String traceId) {}

  private final List<Event> events = new ArrayList<>();

  static RequestEventsOracle of(List<Event> events) {
    RequestEventsOracle oracle = new RequestEventsOracle();
    events.forEach(oracle.events::add);
    return oracle;
  }

  /** Feeds events to a new bucket, the way the processor does. */
  static RequestBucket aggregate(List<Event> events) {
    RequestBucket bucket = new RequestBucket();
    events.forEach(e -> bucket.add(e.latencyMicros(), e.error(), e.traceId()));
    return bucket;
  }

  long count() {
    return events.size();
  }

  long errorCount() {
    return events.stream().filter(Event::error).count();
  }

  long min() {
    return sorted()[0];
  }

  long max() {
    long[] sorted = sorted();
    return sorted[sorted.length - 1];
  }

  /** The exact latency at rank {@code floor(q * (n - 1))}, DDSketch's convention. */
  long exactQuantile(double q) {
    long[] sorted = sorted();
    // The same double arithmetic as DDSketch, so both pick the same rank.
    double rank = q * (sorted.length - 1.0);
    return sorted[(int) Math.floor(rank)];
  }

  /** Per trace id its largest latency; the K that rank highest by (latency desc, trace id asc). */
  List<Exemplar> slowestExemplars(int k) {
    Map<String, Long> slowestPerTrace = new HashMap<>();
    for (Event e : events) {
      if (keepable(e.traceId())) {
        slowestPerTrace.merge(e.traceId(), e.latencyMicros(), Math::max);
      }
    }
    return slowestPerTrace.entrySet().stream()
        .map(entry -> new Exemplar(entry.getKey(), entry.getValue()))
        .sorted(
            Comparator.comparingLong(Exemplar::latencyMicros)
                .reversed()
                .thenComparing(Exemplar::traceId))
        .limit(k)
        .toList();
  }

  /** Distinct trace ids of failed events; the K smallest by (hash, trace id). */
  List<String> failedTraceIds(int k) {
    TreeSet<String> failed =
        new TreeSet<>(
            Comparator.comparingLong(FailedExemplars::hash)
                .thenComparing(Comparator.naturalOrder()));
    for (Event e : events) {
      if (e.error() && keepable(e.traceId())) {
        failed.add(e.traceId());
      }
    }
    return failed.stream().limit(k).toList();
  }

  private static boolean keepable(String traceId) {
    return traceId != null
        && !traceId.isEmpty()
        && traceId.length() <= RequestBucket.MAX_TRACE_ID_LENGTH;
  }

  private long[] sorted() {
    if (events.isEmpty()) {
      throw new NoSuchElementException("no events");
    }
    long[] latencies = events.stream().mapToLong(Event::latencyMicros).toArray();
    Arrays.sort(latencies);
    return latencies;
  }
}
