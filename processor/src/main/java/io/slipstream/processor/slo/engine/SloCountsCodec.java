package io.slipstream.processor.slo.engine;

import io.slipstream.processor.aggregation.RequestBucketCodec;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Binary form of {@link SloCounts}: version byte, good, total (8 bytes each), a flags byte, then
 * the saturation (8 bytes) and the encoded latency bucket when present.
 */
public final class SloCountsCodec implements Serde<SloCounts> {
  private static final byte VERSION = 1;
  private static final int HAS_SATURATION = 1;
  private static final int HAS_LATENCIES = 2;
  private static final int FIXED = 1 + 8 + 8 + 1;

  public static byte[] encode(SloCounts counts) {
    byte[] latencies =
        counts.latencies == null ? null : RequestBucketCodec.encode(counts.latencies);
    boolean saturation = !Double.isNaN(counts.maxSaturation);
    ByteBuffer buffer =
        ByteBuffer.allocate(
            FIXED + (saturation ? 8 : 0) + (latencies == null ? 0 : latencies.length));
    buffer.put(VERSION).putLong(counts.good).putLong(counts.total);
    buffer.put(
        (byte) ((saturation ? HAS_SATURATION : 0) | (latencies != null ? HAS_LATENCIES : 0)));
    if (saturation) {
      buffer.putDouble(counts.maxSaturation);
    }
    if (latencies != null) {
      buffer.put(latencies);
    }
    return buffer.array();
  }

  public static SloCounts decode(byte[] bytes) {
    if (bytes.length < FIXED || bytes[0] != VERSION) {
      throw new SerializationException(
          "not an SLO counts record of version " + VERSION + " (" + bytes.length + " bytes)");
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    buffer.get();
    SloCounts counts = new SloCounts();
    counts.good = buffer.getLong();
    counts.total = buffer.getLong();
    int flags = buffer.get();
    if ((flags & HAS_SATURATION) != 0) {
      counts.maxSaturation = buffer.getDouble();
    }
    if ((flags & HAS_LATENCIES) != 0) {
      counts.latencies =
          RequestBucketCodec.decode(Arrays.copyOfRange(bytes, buffer.position(), bytes.length));
    }
    return counts;
  }

  @Override
  public Serializer<SloCounts> serializer() {
    return (topic, counts) -> counts == null ? null : encode(counts);
  }

  @Override
  public Deserializer<SloCounts> deserializer() {
    return (topic, bytes) -> bytes == null ? null : decode(bytes);
  }
}
