package io.slipstream.bench;

import io.slipstream.processor.aggregation.RequestBucket;
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
 * The base-bucket work of one request, per request: counting it in its service's bucket and its
 * operation's ({@code serviceAndOperation}, the baseline, as the aggregation did before), against
 * counting it in its operation's bucket alone and merging a service's bucket from its operations'
 * at each commit and when the window closes ({@code operationThenMerge}, as it does now), the
 * merges' cost spread over the requests in between.
 *
 * <p>The throughput workload's shape: 100 services × 10 operations, log-normal latencies (median 20
 * ms), 1 % errors, 10 % traced; a commit every 150,000 requests (a second at the processor's rate)
 * and a new window every 1,500,000 (10-second buckets). Both variants see the same requests. Store
 * lookups are left out: the aggregation saves one of those per request as well.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BucketUpdateJmh {
  private static final int SERVICES = 100;
  private static final int OPERATIONS = 10;
  private static final int POOL = 1 << 16;
  private static final int PER_COMMIT = 150_000;
  private static final int PER_WINDOW = 1_500_000;

  private final int[] services = new int[POOL];
  private final int[] operations = new int[POOL];
  private final long[] latencies = new long[POOL];
  private final boolean[] errors = new boolean[POOL];
  private final String[] traceIds = new String[POOL];

  private final RequestBucket[] serviceBuckets = new RequestBucket[SERVICES];
  private final RequestBucket[][] operationBuckets = new RequestBucket[SERVICES][OPERATIONS];
  private final RequestBucket[] mergedServices = new RequestBucket[SERVICES];
  private final RequestBucket[][] onlyOperations = new RequestBucket[SERVICES][OPERATIONS];
  private int nextBaseline;
  private int nextMerged;

  @Setup
  public void setUp() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < POOL; i++) {
      services[i] = random.nextInt(SERVICES);
      operations[i] = random.nextInt(OPERATIONS);
      latencies[i] = Math.round(Math.exp(Math.log(20_000) + 0.6 * random.nextGaussian()));
      errors[i] = random.nextInt(100) == 0;
      traceIds[i] =
          random.nextInt(10) == 0
              ? String.format("%016x%016x", random.nextLong(), random.nextLong())
              : null;
    }
    newWindow(serviceBuckets, operationBuckets);
    newWindow(mergedServices, onlyOperations);
  }

  @Benchmark
  public RequestBucket serviceAndOperation() {
    int request = nextBaseline++ & (POOL - 1);
    if (nextBaseline % PER_WINDOW == 0) {
      newWindow(serviceBuckets, operationBuckets);
    }
    RequestBucket service = serviceBuckets[services[request]];
    service.add(latencies[request], errors[request], traceIds[request]);
    RequestBucket operation = operationBuckets[services[request]][operations[request]];
    operation.add(latencies[request], errors[request], traceIds[request]);
    return operation;
  }

  @Benchmark
  public RequestBucket operationThenMerge() {
    int request = nextMerged++ & (POOL - 1);
    if (nextMerged % PER_COMMIT == 0) {
      mergeServices();
    }
    if (nextMerged % PER_WINDOW == 0) {
      mergeServices(); // the window closes
      newWindow(mergedServices, onlyOperations);
    }
    RequestBucket operation = onlyOperations[services[request]][operations[request]];
    operation.add(latencies[request], errors[request], traceIds[request]);
    return operation;
  }

  private void mergeServices() {
    for (int s = 0; s < SERVICES; s++) {
      RequestBucket merged = new RequestBucket();
      for (RequestBucket operation : onlyOperations[s]) {
        merged.merge(operation);
      }
      mergedServices[s] = merged;
    }
  }

  private static void newWindow(RequestBucket[] services, RequestBucket[][] operations) {
    for (int s = 0; s < SERVICES; s++) {
      services[s] = new RequestBucket();
      for (int o = 0; o < OPERATIONS; o++) {
        operations[s][o] = new RequestBucket();
      }
    }
  }
}
