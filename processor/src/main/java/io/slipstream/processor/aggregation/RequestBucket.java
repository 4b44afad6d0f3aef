package io.slipstream.processor.aggregation;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.mapping.CubicallyInterpolatedMapping;
import com.datadoghq.sketch.ddsketch.mapping.IndexMapping;
import com.datadoghq.sketch.ddsketch.store.UnboundedSizeDenseStore;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The traffic, error and latency signals of one key (service, or service and operation) in one time
 * bucket: request count, error count, a latency sketch, exact min and max, and exemplar trace ids.
 * Mutable and not thread-safe: one stream task owns it while the bucket is open.
 *
 * <p><b>Latency sketch.</b> A DDSketch with {@value #RELATIVE_ACCURACY} relative accuracy: every
 * {@link #quantile quantile} is within 1 % of the exact value at rank {@code floor(q * (n - 1))} of
 * the sorted latencies. It uses the cubically interpolated mapping and an unbounded dense store,
 * the same as {@code DDSketches.unboundedDense(0.01)}: constant-time insertion, and no collapsing,
 * so the accuracy guarantee holds for every quantile unconditionally and merging is lossless. The
 * store is bounded anyway because latencies are whole microseconds: 0 goes to the sketch's zero
 * bin, and 1 µs to {@code Long.MAX_VALUE} µs spans about 2,200 bins (8 bytes each, ~17 kB) at
 * worst; 1 µs to 1 min spans about 900 bins (~7 kB), and a service whose latencies span 1 ms to 10
 * s about 460 bins (~3.7 kB). A collapsing store would buy nothing below that bound and would make
 * low quantiles inexact when it did collapse.
 *
 * <p><b>Exemplars.</b> Up to {@link #exemplarLimit()} (default {@value #DEFAULT_EXEMPLAR_LIMIT})
 * trace ids of the slowest requests (see {@link SlowestExemplars}) and as many of failed requests
 * (a uniform sample by hash, see {@link FailedExemplars}). Events without a trace id, with an empty
 * one, or with one longer than {@value #MAX_TRACE_ID_LENGTH} characters count in every number but
 * are not kept as exemplars (the length cap keeps a bucket's memory and encoding bounded). Both
 * choices depend only on the set of events, not their order.
 *
 * <p><b>Merge.</b> {@link #merge} is lossless for count, error count, min, max and the sketch
 * (merged sketches give exactly the quantiles of a sketch fed all the events), and associative and
 * commutative for them and for the exemplars.
 *
 * <p>Per-event work ({@link #add}) allocates nothing and serializes nothing; the bucket is written
 * as bytes by {@link RequestBucketCodec} only when its store commits.
 */
public final class RequestBucket {

  /** Relative accuracy of latency quantiles: 1 %. */
  public static final double RELATIVE_ACCURACY = 0.01;

  /** Exemplars kept per kind (slowest, failed) unless told otherwise. */
  public static final int DEFAULT_EXEMPLAR_LIMIT = 5;

  /** Largest accepted exemplar limit; keeps the per-bucket cost of exemplars small. */
  public static final int MAX_EXEMPLAR_LIMIT = 100;

  /** Longest trace id kept as an exemplar, in chars. W3C trace ids have 32. */
  public static final int MAX_TRACE_ID_LENGTH = 128;

  /** The sketch's index mapping; shared (it is immutable) and checked by the codec on decode. */
  static final IndexMapping INDEX_MAPPING = new CubicallyInterpolatedMapping(RELATIVE_ACCURACY);

  private final DDSketch sketch;
  private final SlowestExemplars slowest;
  private final FailedExemplars failed;
  private long count;
  private long errorCount;
  private long minLatencyMicros = Long.MAX_VALUE;
  private long maxLatencyMicros = Long.MIN_VALUE;

  /** An empty bucket keeping {@value #DEFAULT_EXEMPLAR_LIMIT} exemplars of each kind. */
  public RequestBucket() {
    this(DEFAULT_EXEMPLAR_LIMIT);
  }

  /**
   * An empty bucket keeping up to {@code exemplarLimit} exemplars of each kind.
   *
   * @throws IllegalArgumentException if {@code exemplarLimit} is outside [0, {@value
   *     #MAX_EXEMPLAR_LIMIT}]
   */
  public RequestBucket(int exemplarLimit) {
    this(exemplarLimit, newSketch());
  }

  private RequestBucket(int exemplarLimit, DDSketch sketch) {
    if (exemplarLimit < 0 || exemplarLimit > MAX_EXEMPLAR_LIMIT) {
      throw new IllegalArgumentException(
          "exemplar limit must be in [0, " + MAX_EXEMPLAR_LIMIT + "], was " + exemplarLimit);
    }
    this.sketch = sketch;
    this.slowest = new SlowestExemplars(exemplarLimit);
    this.failed = new FailedExemplars(exemplarLimit);
  }

  /**
   * A new empty sketch as every bucket starts with: {@value #RELATIVE_ACCURACY} relative accuracy,
   * cubically interpolated index mapping, dense store allocated 512 bins wide (about 4 kB). Public
   * so that the benchmarks measure exactly the sketch the processor uses.
   */
  public static DDSketch newSketch() {
    return new DDSketch(INDEX_MAPPING, RequestBucket::newStore);
  }

  /**
   * A dense store allocated wide from the start: 512 bins span a factor of about 27,000 around the
   * first latency. The default (64-bin steps) re-centres and zero-fills its array each time a
   * bucket's range grows, which profiling showed costing a sixth of the processor's time; 4 kB per
   * open bucket is cheap.
   */
  private static UnboundedSizeDenseStore newStore() {
    return new UnboundedSizeDenseStore(STORE_GROWTH_BINS, STORE_OVERHEAD_BINS);
  }

  private static final int STORE_GROWTH_BINS = 512;
  private static final int STORE_OVERHEAD_BINS = 256;

  /**
   * Restores a bucket from decoded parts; used by {@link RequestBucketCodec}, which has validated
   * them. Exemplars are re-offered, so they are re-sorted and de-duplicated here.
   */
  static RequestBucket restore(
      int exemplarLimit,
      long count,
      long errorCount,
      long minLatencyMicros,
      long maxLatencyMicros,
      DDSketch sketch,
      List<Exemplar> slowest,
      List<String> failedTraceIds) {
    RequestBucket bucket = new RequestBucket(exemplarLimit, sketch);
    bucket.count = count;
    bucket.errorCount = errorCount;
    bucket.minLatencyMicros = minLatencyMicros;
    bucket.maxLatencyMicros = maxLatencyMicros;
    slowest.forEach(e -> bucket.slowest.offer(e.latencyMicros(), e.traceId()));
    failedTraceIds.forEach(bucket.failed::offer);
    return bucket;
  }

  /**
   * Adds one request.
   *
   * @param latencyMicros the request's latency in microseconds; 0 is fine
   * @param error whether the request is an error (see {@link ErrorClassifier})
   * @param traceIdOrNull the request's trace id, or {@code null} when it was not traced
   * @throws IllegalArgumentException if {@code latencyMicros} is negative (the event contract says
   *     non-negative: validate events before they get here); the bucket is then unchanged
   */
  public void add(long latencyMicros, boolean error, String traceIdOrNull) {
    if (latencyMicros < 0) {
      throw new IllegalArgumentException(
          "latency must be non-negative, was " + latencyMicros + " µs");
    }
    sketch.accept(latencyMicros);
    count++;
    if (latencyMicros < minLatencyMicros) {
      minLatencyMicros = latencyMicros;
    }
    if (latencyMicros > maxLatencyMicros) {
      maxLatencyMicros = latencyMicros;
    }
    if (error) {
      errorCount++;
    }
    if (isKeepable(traceIdOrNull)) {
      slowest.offer(latencyMicros, traceIdOrNull);
      if (error) {
        failed.offer(traceIdOrNull);
      }
    }
  }

  /**
   * Adds everything in {@code other} to this bucket; {@code other} is not modified. The exemplar
   * limit of this bucket applies.
   */
  public void merge(RequestBucket other) {
    sketch.mergeWith(other.sketch);
    count += other.count;
    errorCount += other.errorCount;
    minLatencyMicros = Math.min(minLatencyMicros, other.minLatencyMicros);
    maxLatencyMicros = Math.max(maxLatencyMicros, other.maxLatencyMicros);
    slowest.mergeFrom(other.slowest);
    failed.mergeFrom(other.failed);
  }

  /** A deep copy. */
  public RequestBucket copy() {
    RequestBucket copy = new RequestBucket(exemplarLimit());
    copy.merge(this);
    return copy;
  }

  /** Number of requests. */
  public long count() {
    return count;
  }

  /** Number of requests that were errors. */
  public long errorCount() {
    return errorCount;
  }

  public boolean isEmpty() {
    return count == 0;
  }

  /** {@code errorCount / count}, or {@link Double#NaN} when the bucket is empty. */
  public double errorRatio() {
    return count == 0 ? Double.NaN : (double) errorCount / count;
  }

  /**
   * The latency at quantile {@code q}, in microseconds, within {@value #RELATIVE_ACCURACY} relative
   * error of the exact value at rank {@code floor(q * (count - 1))} of the sorted latencies (so
   * {@code q = 0.5} of 1, 2, 3, 4 is about 2). Exactly 0 when that value is 0.
   *
   * @return the quantile, or {@link Double#NaN} when the bucket is empty (NaN rather than an
   *     exception or a boxed null: callers map "no traffic" to null once, at the edge)
   * @throws IllegalArgumentException if {@code q} is outside [0, 1]
   */
  public double quantile(double q) {
    if (!(q >= 0 && q <= 1)) {
      throw new IllegalArgumentException("quantile must be in [0, 1], was " + q);
    }
    return count == 0 ? Double.NaN : sketch.getValueAtQuantile(q);
  }

  /**
   * The smallest latency, exact.
   *
   * @throws NoSuchElementException if the bucket is empty
   */
  public long minLatencyMicros() {
    requireNotEmpty();
    return minLatencyMicros;
  }

  /**
   * The largest latency, exact.
   *
   * @throws NoSuchElementException if the bucket is empty
   */
  public long maxLatencyMicros() {
    requireNotEmpty();
    return maxLatencyMicros;
  }

  /** Most exemplars kept of each kind. */
  public int exemplarLimit() {
    return slowest.limit();
  }

  /** Traced requests with the highest latency, slowest first, one per trace id; a new list. */
  public List<Exemplar> slowestExemplars() {
    return slowest.toList();
  }

  /** Trace ids of a sample of failed requests, each at most once; a new list. */
  public List<String> failedTraceIds() {
    return failed.toList();
  }

  /** The sketch itself, for the codec; callers must not modify it. */
  DDSketch sketch() {
    return sketch;
  }

  private void requireNotEmpty() {
    if (count == 0) {
      throw new NoSuchElementException("the bucket is empty");
    }
  }

  private static boolean isKeepable(String traceId) {
    return traceId != null && !traceId.isEmpty() && traceId.length() <= MAX_TRACE_ID_LENGTH;
  }

  @Override
  public String toString() {
    return count == 0
        ? "RequestBucket{empty}"
        : "RequestBucket{count="
            + count
            + ", errors="
            + errorCount
            + ", min="
            + minLatencyMicros
            + ", p50="
            + quantile(0.5)
            + ", p99="
            + quantile(0.99)
            + ", max="
            + maxLatencyMicros
            + '}';
  }
}
