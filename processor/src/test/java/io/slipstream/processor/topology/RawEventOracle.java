package io.slipstream.processor.topology;

import io.slipstream.avro.Outcome;
import io.slipstream.avro.RequestEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The obvious implementation, judge of the fast one: keeps every accepted raw event and computes,
 * per key and bucket, exact counts, error counts, extremes and quantiles by sorting.
 */
public final class RawEventOracle {
  /** A key and bucket; operation null for the service as a whole. */
  public record Cell(String service, String operation, long bucketStart) {}

  /** Exact statistics of one cell. */
  public record Exact(long count, long errors, long min, long max, long[] sortedLatencies) {
    /** The latency at rank floor(q * (n - 1)) of the sorted latencies. */
    public long quantile(double q) {
      return sortedLatencies[(int) Math.floor(q * (sortedLatencies.length - 1))];
    }
  }

  private final long bucketMs;
  private final Map<Cell, List<RequestEvent>> cells = new HashMap<>();

  public RawEventOracle(long bucketMs) {
    this.bucketMs = bucketMs;
  }

  public void accept(RequestEvent event) {
    long bucket = Math.floorDiv(event.getTimestamp().toEpochMilli(), bucketMs) * bucketMs;
    cells
        .computeIfAbsent(
            new Cell(event.getService(), event.getOperation(), bucket), c -> new ArrayList<>())
        .add(event);
    cells
        .computeIfAbsent(new Cell(event.getService(), null, bucket), c -> new ArrayList<>())
        .add(event);
  }

  public Map<Cell, Exact> results() {
    Map<Cell, Exact> results = new HashMap<>();
    cells.forEach(
        (cell, events) -> {
          long[] latencies = events.stream().mapToLong(RequestEvent::getLatencyMicros).toArray();
          Arrays.sort(latencies);
          long errors = events.stream().filter(RawEventOracle::isError).count();
          results.put(
              cell,
              new Exact(
                  events.size(), errors, latencies[0], latencies[latencies.length - 1], latencies));
        });
    return results;
  }

  /** The documented default: error and timeout outcomes and 5xx are errors; 4xx are not. */
  private static boolean isError(RequestEvent event) {
    Integer status = event.getStatusCode();
    return event.getOutcome() == Outcome.ERROR
        || event.getOutcome() == Outcome.TIMEOUT
        || (status != null && status >= 500);
  }
}
