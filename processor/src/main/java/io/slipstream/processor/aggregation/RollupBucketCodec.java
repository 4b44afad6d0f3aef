package io.slipstream.processor.aggregation;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The binary form of a {@link RollupBucket} (state stores and changelogs): {@code foldedUntil} as 8
 * bytes big-endian, then the aggregate in {@link RequestBucketCodec}'s format. {@code null} maps to
 * {@code null} both ways.
 */
public final class RollupBucketCodec implements Serde<RollupBucket> {
  private static final int HEADER_BYTES = Long.BYTES;

  @Override
  public Serializer<RollupBucket> serializer() {
    return (topic, rollup) -> rollup == null ? null : encode(rollup);
  }

  @Override
  public Deserializer<RollupBucket> deserializer() {
    return (topic, bytes) -> bytes == null ? null : decode(bytes);
  }

  /** Encodes a rollup; the rollup is not modified. */
  public static byte[] encode(RollupBucket rollup) {
    byte[] aggregate = RequestBucketCodec.encode(rollup.aggregate());
    return ByteBuffer.allocate(HEADER_BYTES + aggregate.length)
        .putLong(rollup.foldedUntil())
        .put(aggregate)
        .array();
  }

  /**
   * Decodes a rollup.
   *
   * @throws BucketCodecException when the bytes are too short or the aggregate is invalid
   */
  public static RollupBucket decode(byte[] bytes) {
    if (bytes.length < HEADER_BYTES) {
      throw new BucketCodecException(
          "rollup of "
              + bytes.length
              + " bytes is shorter than its "
              + HEADER_BYTES
              + "-byte header");
    }
    long foldedUntil = ByteBuffer.wrap(bytes).getLong();
    RequestBucket aggregate =
        RequestBucketCodec.decode(Arrays.copyOfRange(bytes, HEADER_BYTES, bytes.length));
    return new RollupBucket(aggregate, foldedUntil);
  }
}
