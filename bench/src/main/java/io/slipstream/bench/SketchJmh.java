package io.slipstream.bench;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;
import io.slipstream.processor.aggregation.RequestBucket;
import io.slipstream.processor.aggregation.RequestBucketCodec;
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
 * Latency sketches and request buckets: Slipstream's sketch ({@link RequestBucket#newSketch()}:
 * cubically interpolated mapping, dense store allocated 512 bins wide) against the DDSketch
 * library's default at the same accuracy ({@code DDSketches.unboundedDense(0.01)}) — the baseline —
 * and the whole bucket update and its codec, all through the aggregation package's public API.
 *
 * <p>Latencies are log-normal (median 20 ms, σ = 0.6) as in the throughput workload. A bucket sees
 * few events before it closes, so "new sketch + 64 inserts" is the processor's pattern; "insert
 * into a warm sketch" is the steady cost.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SketchJmh {
  private static final int VALUES = 4_096;
  private static final double ACCURACY = RequestBucket.RELATIVE_ACCURACY;

  private final long[] latencies = new long[VALUES];
  private final String[] traceIds = new String[VALUES];
  private DDSketch warmOurs;
  private DDSketch warmDefault;
  private DDSketch mergeSourceOurs;
  private DDSketch mergeSourceDefault;
  private RequestBucket warmBucket;
  private byte[] encodedBucket;
  private int next;

  @Setup
  public void setUp() {
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < VALUES; i++) {
      latencies[i] = Math.round(20_000 * Math.exp(0.6 * gaussian(random)));
      traceIds[i] = String.format("%032x", i);
    }
    warmOurs = RequestBucket.newSketch();
    warmDefault = DDSketches.unboundedDense(ACCURACY);
    mergeSourceOurs = RequestBucket.newSketch();
    mergeSourceDefault = DDSketches.unboundedDense(ACCURACY);
    warmBucket = new RequestBucket();
    for (int i = 0; i < 1_000; i++) {
      warmOurs.accept(latencies[i]);
      warmDefault.accept(latencies[i]);
      mergeSourceOurs.accept(latencies[VALUES - 1 - i]);
      mergeSourceDefault.accept(latencies[VALUES - 1 - i]);
      warmBucket.add(latencies[i], i % 100 == 0, i % 10 == 0 ? traceIds[i] : null);
    }
    encodedBucket = RequestBucketCodec.encode(warmBucket);
  }

  @Benchmark
  public DDSketch newSketchAnd64InsertsSlipstream() {
    return fill(RequestBucket.newSketch());
  }

  @Benchmark
  public DDSketch newSketchAnd64InsertsLibraryDefault() {
    return fill(DDSketches.unboundedDense(ACCURACY));
  }

  @Benchmark
  public DDSketch insertWarmSlipstream() {
    warmOurs.accept(latencies[next()]);
    return warmOurs;
  }

  @Benchmark
  public DDSketch insertWarmLibraryDefault() {
    warmDefault.accept(latencies[next()]);
    return warmDefault;
  }

  /** Merges a 1,000-value sketch into a fresh one, as a rollup does. */
  @Benchmark
  public DDSketch mergeSlipstream() {
    DDSketch target = RequestBucket.newSketch();
    target.mergeWith(mergeSourceOurs);
    return target;
  }

  @Benchmark
  public DDSketch mergeLibraryDefault() {
    DDSketch target = DDSketches.unboundedDense(ACCURACY);
    target.mergeWith(mergeSourceDefault);
    return target;
  }

  /** One request into a live bucket: counts, sketch, exemplars (1 in 10 traced, 1 % errors). */
  @Benchmark
  public RequestBucket bucketAdd() {
    int i = next();
    warmBucket.add(latencies[i], (i & 127) == 0, (i & 7) == 0 ? traceIds[i] : null);
    return warmBucket;
  }

  @Benchmark
  public byte[] bucketEncode() {
    return RequestBucketCodec.encode(warmBucket);
  }

  @Benchmark
  public RequestBucket bucketDecode() {
    return RequestBucketCodec.decode(encodedBucket);
  }

  private DDSketch fill(DDSketch sketch) {
    int start = next() & ~63;
    for (int i = 0; i < 64; i++) {
      sketch.accept(latencies[(start + i) & (VALUES - 1)]);
    }
    return sketch;
  }

  private int next() {
    next = (next + 1) & (VALUES - 1);
    return next;
  }

  private static double gaussian(SplittableRandom random) {
    // Box–Muller: SplittableRandom has no nextGaussian on Java 17.
    double u = 1 - random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
  }
}
