package io.slipstream.processor.aggregation;

import java.nio.ByteBuffer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The binary form of a {@link SaturationBucket}, and a Kafka {@link Serde} for it. {@code null}
 * maps to {@code null} both ways (tombstones).
 *
 * <p>Format version {@value #FORMAT_VERSION}, a fixed {@value #ENCODED_SIZE} bytes, big-endian:
 *
 * <pre>
 * byte    format version (1)
 * long    sampleCount
 * double  cpuSum, cpuMax, memorySum, memoryMax
 * long    poolSampleCount                     (&lt;= sampleCount)
 * double  poolSum, poolMax
 * int     maxInFlightRequests, maxQueueDepth  (-1 = never reported)
 * </pre>
 *
 * <p>Fixed width rather than varints: the record is small either way, doubles do not shrink, and a
 * fixed length makes truncation and trailing garbage trivial to detect. Bad bytes raise {@link
 * BucketCodecException}.
 */
public final class SaturationBucketCodec implements Serde<SaturationBucket> {

  /** The format version written as the first byte. */
  public static final byte FORMAT_VERSION = 1;

  /** Length of every encoded bucket, in bytes. */
  public static final int ENCODED_SIZE = 1 + 8 + 4 * 8 + 8 + 2 * 8 + 2 * 4;

  @Override
  public Serializer<SaturationBucket> serializer() {
    return (topic, bucket) -> bucket == null ? null : encode(bucket);
  }

  @Override
  public Deserializer<SaturationBucket> deserializer() {
    return (topic, bytes) -> bytes == null ? null : decode(bytes);
  }

  /** Encodes a bucket; the bucket is not modified. */
  public static byte[] encode(SaturationBucket bucket) {
    boolean any = !bucket.isEmpty();
    boolean anyPool = bucket.poolSampleCount() > 0;
    return ByteBuffer.allocate(ENCODED_SIZE)
        .put(FORMAT_VERSION)
        .putLong(bucket.sampleCount())
        .putDouble(bucket.cpuSum())
        .putDouble(any ? bucket.maxCpu() : 0)
        .putDouble(bucket.memorySum())
        .putDouble(any ? bucket.maxMemory() : 0)
        .putLong(bucket.poolSampleCount())
        .putDouble(bucket.poolSum())
        .putDouble(anyPool ? bucket.maxPool() : 0)
        .putInt(bucket.rawMaxInFlightRequests())
        .putInt(bucket.rawMaxQueueDepth())
        .array();
  }

  /**
   * Decodes bytes written by {@link #encode}.
   *
   * @throws BucketCodecException if the bytes have the wrong length, an unknown format version or
   *     inconsistent values
   */
  public static SaturationBucket decode(byte[] bytes) {
    if (bytes.length == 0) {
      throw new BucketCodecException("saturation bucket: no bytes");
    }
    if (bytes[0] != FORMAT_VERSION) {
      throw new BucketCodecException(
          "saturation bucket: unknown format version "
              + bytes[0]
              + " (this build reads "
              + FORMAT_VERSION
              + ")");
    }
    if (bytes.length != ENCODED_SIZE) {
      throw new BucketCodecException(
          "saturation bucket: expected " + ENCODED_SIZE + " bytes, got " + bytes.length);
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
    long sampleCount = buffer.getLong();
    double cpuSum = buffer.getDouble();
    double cpuMax = buffer.getDouble();
    double memorySum = buffer.getDouble();
    double memoryMax = buffer.getDouble();
    long poolSampleCount = buffer.getLong();
    double poolSum = buffer.getDouble();
    double poolMax = buffer.getDouble();
    int maxInFlight = buffer.getInt();
    int maxQueueDepth = buffer.getInt();

    check(sampleCount >= 0, "negative sample count");
    check(poolSampleCount >= 0 && poolSampleCount <= sampleCount, "pool samples out of range");
    checkSumAndMax("cpu", sampleCount, cpuSum, cpuMax);
    checkSumAndMax("memory", sampleCount, memorySum, memoryMax);
    checkSumAndMax("pool", poolSampleCount, poolSum, poolMax);
    check(maxInFlight >= -1 && maxQueueDepth >= -1, "negative in-flight or queue depth");
    return SaturationBucket.restore(
        sampleCount,
        cpuSum,
        cpuMax,
        memorySum,
        memoryMax,
        poolSampleCount,
        poolSum,
        poolMax,
        maxInFlight,
        maxQueueDepth);
  }

  private static void checkSumAndMax(String what, long samples, double sum, double max) {
    // Utilisations are finite and non-negative, so their sum is at least their max.
    boolean valid =
        samples == 0
            ? sum == 0 && max == 0
            : max >= 0 && sum >= max && !Double.isInfinite(sum) && !Double.isNaN(sum);
    check(valid, what + " sum/max inconsistent");
  }

  private static void check(boolean condition, String problem) {
    if (!condition) {
      throw new BucketCodecException("saturation bucket: " + problem);
    }
  }
}
