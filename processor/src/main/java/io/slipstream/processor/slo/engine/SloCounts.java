package io.slipstream.processor.slo.engine;

import io.slipstream.processor.aggregation.RequestBucket;

/**
 * What one SLO accumulated in one minute: good and total events, plus, for slice conditions on
 * latency quantiles or saturation, what deciding a slice needs. Mutable; lives in a live store.
 */
public final class SloCounts {
  long good;
  long total;

  /** Latencies of the counted events, kept only for latency-quantile slice conditions. */
  RequestBucket latencies;

  /** Highest saturation seen, or NaN without samples; kept only for saturation slice conditions. */
  double maxSaturation = Double.NaN;

  public long good() {
    return good;
  }

  public long total() {
    return total;
  }

  void add(long goodCount, long totalCount) {
    good += goodCount;
    total += totalCount;
  }

  void addLatency(long latencyMicros) {
    if (latencies == null) {
      latencies = new RequestBucket(0);
    }
    latencies.add(latencyMicros, false, null);
  }

  void addSaturation(double saturation) {
    maxSaturation = Double.isNaN(maxSaturation) ? saturation : Math.max(maxSaturation, saturation);
  }
}
