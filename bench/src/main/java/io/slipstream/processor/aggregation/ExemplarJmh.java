package io.slipstream.processor.aggregation;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Offering a traced request to the slowest exemplars of one of many live buckets, as the processor
 * does: 20,000 buckets in turn (more than the caches hold), eight traced requests each before the
 * bucket is replaced by a new one, every trace id a different string. {@code offerCurrent} measures
 * {@link SlowestExemplars}; {@code offerPrevious} the version before kept trace ids' hash codes
 * were stored beside them ({@link Previous}, a copy), which compared the offered id with every kept
 * one by {@code equals}.
 *
 * <p>A white-box benchmark: {@code SlowestExemplars} is package-private to the processor's
 * aggregation, whose buckets alone keep its invariants (see {@code
 * io.slipstream.bench.BenchArchitectureTest}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ExemplarJmh {
  private static final int BUCKETS = 20_000;
  private static final int OFFERS_PER_BUCKET = 8;
  private static final int POOL = 1 << 18;
  private static final int LIMIT = RequestBucket.DEFAULT_EXEMPLAR_LIMIT;

  private final String[] traceIds = new String[POOL];
  private final long[] latencies = new long[POOL];
  private final SlowestExemplars[] current = new SlowestExemplars[BUCKETS];
  private final Previous[] previous = new Previous[BUCKETS];
  private int next;

  @Setup
  public void setUp() {
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < POOL; i++) {
      traceIds[i] =
          String.format("%016x%016x", random.nextLong(), random.nextLong()); // 32 hex chars
      latencies[i] = Math.round(Math.exp(9 + random.nextGaussian()));
    }
    for (int b = 0; b < BUCKETS; b++) {
      current[b] = new SlowestExemplars(LIMIT);
      previous[b] = new Previous(LIMIT);
    }
  }

  @Benchmark
  public SlowestExemplars offerCurrent() {
    int offer = next++;
    int bucket = offer % BUCKETS;
    if (offer % (BUCKETS * OFFERS_PER_BUCKET) < BUCKETS) {
      current[bucket] = new SlowestExemplars(LIMIT);
    }
    int sample = offer & (POOL - 1);
    current[bucket].offer(latencies[sample], traceIds[sample]);
    return current[bucket];
  }

  @Benchmark
  public Previous offerPrevious() {
    int offer = next++;
    int bucket = offer % BUCKETS;
    if (offer % (BUCKETS * OFFERS_PER_BUCKET) < BUCKETS) {
      previous[bucket] = new Previous(LIMIT);
    }
    int sample = offer & (POOL - 1);
    previous[bucket].offer(latencies[sample], traceIds[sample]);
    return previous[bucket];
  }

  /** {@link SlowestExemplars#offer} as it was before trace ids' hash codes were kept: a copy. */
  public static final class Previous {
    private final int limit;
    private final long[] latencies;
    private final String[] traceIds;
    private int size;

    Previous(int limit) {
      this.limit = limit;
      this.latencies = new long[limit];
      this.traceIds = new String[limit];
    }

    void offer(long latencyMicros, String traceId) {
      if (size == limit && (limit == 0 || !ranksAbove(latencyMicros, traceId, size - 1))) {
        return;
      }
      for (int i = 0; i < size; i++) {
        if (traceIds[i].equals(traceId)) {
          if (!ranksAbove(latencyMicros, traceId, i)) {
            return;
          }
          removeAt(i);
          break;
        }
      }
      insert(latencyMicros, traceId);
    }

    private boolean ranksAbove(long latencyMicros, String traceId, int index) {
      return latencyMicros > latencies[index]
          || (latencyMicros == latencies[index] && traceId.compareTo(traceIds[index]) < 0);
    }

    private void removeAt(int index) {
      int tail = size - index - 1;
      System.arraycopy(latencies, index + 1, latencies, index, tail);
      System.arraycopy(traceIds, index + 1, traceIds, index, tail);
      size--;
      traceIds[size] = null;
    }

    private void insert(long latencyMicros, String traceId) {
      int at = 0;
      while (at < size && !ranksAbove(latencyMicros, traceId, at)) {
        at++;
      }
      int kept = Math.min(size, limit - 1);
      int tail = kept - at;
      System.arraycopy(latencies, at, latencies, at + 1, tail);
      System.arraycopy(traceIds, at, traceIds, at + 1, tail);
      latencies[at] = latencyMicros;
      traceIds[at] = traceId;
      size = kept + 1;
    }
  }
}
