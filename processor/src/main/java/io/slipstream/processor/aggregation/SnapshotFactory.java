package io.slipstream.processor.aggregation;

import io.slipstream.avro.SliSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Turns the aggregates of one closed window into the {@link SliSnapshot} published to {@code
 * sli-snapshots}. Pure and stateless.
 *
 * <p>Mapping: count and error count as they are; error ratio {@code errors / count}, null without
 * traffic; requests per second {@code count / window length in seconds}; latency p50, p90, p95, p99
 * and p99.9 from the sketch (within 1 %), min and max exact, all in microseconds and null without
 * traffic; saturation as given (null without samples); exemplar trace ids: the slowest first
 * (slowest to least slow), then the failed ones, each id once.
 */
public final class SnapshotFactory {

  /** The quantiles published, in the order of the snapshot's fields. */
  static final double[] QUANTILES = {0.5, 0.9, 0.95, 0.99, 0.999};

  private SnapshotFactory() {}

  /** A snapshot without a saturation signal. */
  public static SliSnapshot create(
      String service,
      String operationOrNull,
      long windowStartMillis,
      long windowEndMillis,
      RequestBucket requests) {
    return create(
        service,
        operationOrNull,
        windowStartMillis,
        windowEndMillis,
        requests,
        OptionalDouble.empty());
  }

  /**
   * A snapshot of one window.
   *
   * @param service the service, never null
   * @param operationOrNull the operation, or null for the whole service
   * @param windowStartMillis inclusive window start, epoch milliseconds
   * @param windowEndMillis exclusive window end, epoch milliseconds; after the start
   * @param requests the window's requests, possibly empty; not modified
   * @param saturation the service's saturation in the window (see {@link ServiceSaturation}), or
   *     empty without samples
   * @throws IllegalArgumentException if the window is empty or reversed
   */
  public static SliSnapshot create(
      String service,
      String operationOrNull,
      long windowStartMillis,
      long windowEndMillis,
      RequestBucket requests,
      OptionalDouble saturation) {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(requests, "requests");
    if (windowEndMillis <= windowStartMillis) {
      throw new IllegalArgumentException(
          "window end " + windowEndMillis + " must be after its start " + windowStartMillis);
    }
    double windowSeconds = (windowEndMillis - windowStartMillis) / 1000.0;
    boolean traffic = !requests.isEmpty();
    return SliSnapshot.newBuilder()
        .setService(service)
        .setOperation(operationOrNull)
        .setWindowStart(Instant.ofEpochMilli(windowStartMillis))
        .setWindowEnd(Instant.ofEpochMilli(windowEndMillis))
        .setRequestCount(requests.count())
        .setErrorCount(requests.errorCount())
        .setErrorRatio(traffic ? requests.errorRatio() : null)
        .setRequestsPerSecond(requests.count() / windowSeconds)
        .setLatencyP50Micros(quantile(requests, QUANTILES[0]))
        .setLatencyP90Micros(quantile(requests, QUANTILES[1]))
        .setLatencyP95Micros(quantile(requests, QUANTILES[2]))
        .setLatencyP99Micros(quantile(requests, QUANTILES[3]))
        .setLatencyP999Micros(quantile(requests, QUANTILES[4]))
        .setLatencyMinMicros(traffic ? requests.minLatencyMicros() : null)
        .setLatencyMaxMicros(traffic ? requests.maxLatencyMicros() : null)
        .setSaturation(saturation.isPresent() ? saturation.getAsDouble() : null)
        .setExemplarTraceIds(exemplarTraceIds(requests))
        .build();
  }

  private static Double quantile(RequestBucket requests, double q) {
    return requests.isEmpty() ? null : requests.quantile(q);
  }

  private static List<String> exemplarTraceIds(RequestBucket requests) {
    Set<String> ids = new LinkedHashSet<>();
    requests.slowestExemplars().forEach(exemplar -> ids.add(exemplar.traceId()));
    ids.addAll(requests.failedTraceIds());
    return new ArrayList<>(ids);
  }
}
