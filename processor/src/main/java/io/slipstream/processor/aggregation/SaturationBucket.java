package io.slipstream.processor.aggregation;

import io.slipstream.avro.ResourceSample;
import java.util.OptionalInt;

/**
 * The saturation signal of one service instance in one time bucket: how many samples, and the sum
 * and maximum of CPU, memory and (when reported) pool utilisation, plus the largest in-flight count
 * and queue depth reported. Mutable and not thread-safe.
 *
 * <p>Utilisations are kept as reported, not clamped to [0, 1]: a CPU above its limit (1.2) is real
 * information about saturation. Accessors that have no data return {@link Double#NaN} (doubles) or
 * an empty {@link OptionalInt}. {@link #merge} is exact and associative and commutative (sums of
 * doubles up to floating-point rounding).
 */
public final class SaturationBucket {

  private long sampleCount;
  private double cpuSum;
  private double cpuMax;
  private double memorySum;
  private double memoryMax;
  private long poolSampleCount;
  private double poolSum;
  private double poolMax;
  // -1: no sample reported the value. Reported values are validated non-negative.
  private int maxInFlightRequests = -1;
  private int maxQueueDepth = -1;

  /** An empty bucket. */
  public SaturationBucket() {}

  /** Restores a bucket from validated decoded fields; used by {@link SaturationBucketCodec}. */
  static SaturationBucket restore(
      long sampleCount,
      double cpuSum,
      double cpuMax,
      double memorySum,
      double memoryMax,
      long poolSampleCount,
      double poolSum,
      double poolMax,
      int maxInFlightRequests,
      int maxQueueDepth) {
    SaturationBucket bucket = new SaturationBucket();
    bucket.sampleCount = sampleCount;
    bucket.cpuSum = cpuSum;
    bucket.cpuMax = cpuMax;
    bucket.memorySum = memorySum;
    bucket.memoryMax = memoryMax;
    bucket.poolSampleCount = poolSampleCount;
    bucket.poolSum = poolSum;
    bucket.poolMax = poolMax;
    bucket.maxInFlightRequests = maxInFlightRequests;
    bucket.maxQueueDepth = maxQueueDepth;
    return bucket;
  }

  /**
   * Adds one sample.
   *
   * @throws IllegalArgumentException if a utilisation is negative, NaN or infinite, or a count is
   *     negative; the bucket is then unchanged
   */
  public void add(ResourceSample sample) {
    add(
        sample.getCpuUtilization(),
        sample.getMemoryUtilization(),
        sample.getPoolUtilization(),
        sample.getInFlightRequests(),
        sample.getQueueDepth());
  }

  /**
   * Adds one sample given as values; {@code null} means "not reported".
   *
   * @throws IllegalArgumentException as {@link #add(ResourceSample)}
   */
  public void add(
      double cpuUtilization,
      double memoryUtilization,
      Double poolUtilization,
      Integer inFlightRequests,
      Integer queueDepth) {
    checkUtilization("cpuUtilization", cpuUtilization);
    checkUtilization("memoryUtilization", memoryUtilization);
    if (poolUtilization != null) {
      checkUtilization("poolUtilization", poolUtilization);
    }
    checkCount("inFlightRequests", inFlightRequests);
    checkCount("queueDepth", queueDepth);

    sampleCount++;
    cpuSum += cpuUtilization;
    cpuMax = sampleCount == 1 ? cpuUtilization : Math.max(cpuMax, cpuUtilization);
    memorySum += memoryUtilization;
    memoryMax = sampleCount == 1 ? memoryUtilization : Math.max(memoryMax, memoryUtilization);
    if (poolUtilization != null) {
      poolSampleCount++;
      poolSum += poolUtilization;
      poolMax = poolSampleCount == 1 ? poolUtilization : Math.max(poolMax, poolUtilization);
    }
    if (inFlightRequests != null) {
      maxInFlightRequests = Math.max(maxInFlightRequests, inFlightRequests);
    }
    if (queueDepth != null) {
      maxQueueDepth = Math.max(maxQueueDepth, queueDepth);
    }
  }

  /** Adds everything in {@code other}; {@code other} is not modified. */
  public void merge(SaturationBucket other) {
    if (other.sampleCount > 0) {
      cpuMax = sampleCount == 0 ? other.cpuMax : Math.max(cpuMax, other.cpuMax);
      memoryMax = sampleCount == 0 ? other.memoryMax : Math.max(memoryMax, other.memoryMax);
      sampleCount += other.sampleCount;
      cpuSum += other.cpuSum;
      memorySum += other.memorySum;
    }
    if (other.poolSampleCount > 0) {
      poolMax = poolSampleCount == 0 ? other.poolMax : Math.max(poolMax, other.poolMax);
      poolSampleCount += other.poolSampleCount;
      poolSum += other.poolSum;
    }
    maxInFlightRequests = Math.max(maxInFlightRequests, other.maxInFlightRequests);
    maxQueueDepth = Math.max(maxQueueDepth, other.maxQueueDepth);
  }

  /** A copy. */
  public SaturationBucket copy() {
    SaturationBucket copy = new SaturationBucket();
    copy.merge(this);
    return copy;
  }

  /**
   * The instance's saturation in the bucket: the largest of {@link #maxCpu()}, {@link #maxMemory()}
   * and {@link #maxPool()} (the pool only when reported), or NaN without samples. Max, not mean: a
   * resource pinned at 100 % for part of the bucket is saturated even if the mean looks fine.
   */
  public double saturation() {
    if (sampleCount == 0) {
      return Double.NaN;
    }
    double saturation = Math.max(cpuMax, memoryMax);
    return poolSampleCount == 0 ? saturation : Math.max(saturation, poolMax);
  }

  public long sampleCount() {
    return sampleCount;
  }

  public boolean isEmpty() {
    return sampleCount == 0;
  }

  /** Mean CPU utilisation, or NaN without samples. */
  public double meanCpu() {
    return sampleCount == 0 ? Double.NaN : cpuSum / sampleCount;
  }

  /** Largest CPU utilisation, or NaN without samples. */
  public double maxCpu() {
    return sampleCount == 0 ? Double.NaN : cpuMax;
  }

  /** Mean memory utilisation, or NaN without samples. */
  public double meanMemory() {
    return sampleCount == 0 ? Double.NaN : memorySum / sampleCount;
  }

  /** Largest memory utilisation, or NaN without samples. */
  public double maxMemory() {
    return sampleCount == 0 ? Double.NaN : memoryMax;
  }

  /** Number of samples that reported a pool utilisation. */
  public long poolSampleCount() {
    return poolSampleCount;
  }

  /** Mean pool utilisation over the samples that reported one, or NaN if none did. */
  public double meanPool() {
    return poolSampleCount == 0 ? Double.NaN : poolSum / poolSampleCount;
  }

  /** Largest pool utilisation, or NaN if no sample reported one. */
  public double maxPool() {
    return poolSampleCount == 0 ? Double.NaN : poolMax;
  }

  /** Largest in-flight request count reported, if any sample reported one. */
  public OptionalInt maxInFlightRequests() {
    return maxInFlightRequests < 0 ? OptionalInt.empty() : OptionalInt.of(maxInFlightRequests);
  }

  /** Largest queue depth reported, if any sample reported one. */
  public OptionalInt maxQueueDepth() {
    return maxQueueDepth < 0 ? OptionalInt.empty() : OptionalInt.of(maxQueueDepth);
  }

  // Raw fields for the codec.

  double cpuSum() {
    return cpuSum;
  }

  double memorySum() {
    return memorySum;
  }

  double poolSum() {
    return poolSum;
  }

  int rawMaxInFlightRequests() {
    return maxInFlightRequests;
  }

  int rawMaxQueueDepth() {
    return maxQueueDepth;
  }

  private static void checkUtilization(String name, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be finite and non-negative, was " + value);
    }
  }

  private static void checkCount(String name, Integer value) {
    if (value != null && value < 0) {
      throw new IllegalArgumentException(name + " must be non-negative, was " + value);
    }
  }

  @Override
  public String toString() {
    return "SaturationBucket{samples="
        + sampleCount
        + ", maxCpu="
        + maxCpu()
        + ", maxMemory="
        + maxMemory()
        + ", maxPool="
        + maxPool()
        + ", saturation="
        + saturation()
        + '}';
  }
}
