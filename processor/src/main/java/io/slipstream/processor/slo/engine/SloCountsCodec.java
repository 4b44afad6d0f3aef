package io.slipstream.processor.slo.engine;

import io.slipstream.processor.aggregation.RequestBucketCodec;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Binary form of {@link SloCounts}: version byte, good, total (8 bytes each), a flags byte, the
 * saturation (8 bytes) and the encoded latency bucket when present; from version 2, the number of
 * slots (1 byte) and, per slot, its offset, good and total as unsigned varints (3 to 7 bytes a slot
 * for small counts). Version 1 records (no slots) are still read.
 */
public final class SloCountsCodec implements Serde<SloCounts> {
  private static final byte VERSION = 2;
  private static final byte VERSION_WITHOUT_SLOTS = 1;
  private static final int HAS_SATURATION = 1;
  private static final int HAS_LATENCIES = 2;
  private static final int FIXED = 1 + 8 + 8 + 1;

  public static byte[] encode(SloCounts counts) {
    byte[] latencies =
        counts.latencies == null ? null : RequestBucketCodec.encode(counts.latencies);
    boolean saturation = !Double.isNaN(counts.maxSaturation);
    ByteBuffer buffer =
        ByteBuffer.allocate(
            FIXED
                + 1
                + counts.slots * 3 * 10
                + (saturation ? 8 : 0)
                + 4
                + (latencies == null ? 0 : latencies.length));
    buffer.put(VERSION).putLong(counts.good).putLong(counts.total);
    buffer.put(
        (byte) ((saturation ? HAS_SATURATION : 0) | (latencies != null ? HAS_LATENCIES : 0)));
    if (saturation) {
      buffer.putDouble(counts.maxSaturation);
    }
    buffer.put((byte) counts.slots);
    for (int i = 0; i < counts.slots; i++) {
      putVarint(buffer, counts.slotOffsets[i]);
      putVarint(buffer, counts.slotGood[i]);
      putVarint(buffer, counts.slotTotal[i]);
    }
    if (latencies != null) {
      buffer.putInt(latencies.length);
      buffer.put(latencies);
    }
    return Arrays.copyOf(buffer.array(), buffer.position());
  }

  public static SloCounts decode(byte[] bytes) {
    if (bytes.length < FIXED || (bytes[0] != VERSION && bytes[0] != VERSION_WITHOUT_SLOTS)) {
      throw new SerializationException(
          "not an SLO counts record of version 1 or 2 (" + bytes.length + " bytes)");
    }
    boolean withSlots = bytes[0] == VERSION;
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    buffer.get();
    SloCounts counts = new SloCounts();
    counts.good = buffer.getLong();
    counts.total = buffer.getLong();
    int flags = buffer.get();
    if ((flags & HAS_SATURATION) != 0) {
      counts.maxSaturation = buffer.getDouble();
    }
    if (withSlots) {
      int slots = buffer.get() & 0xFF;
      for (int i = 0; i < slots; i++) {
        int offset = (int) getVarint(buffer);
        long good = getVarint(buffer);
        long total = getVarint(buffer);
        counts.addAt(offset, good, total);
        counts.good -= good;
        counts.total -= total;
      }
    }
    if ((flags & HAS_LATENCIES) != 0) {
      int length = withSlots ? buffer.getInt() : bytes.length - buffer.position();
      counts.latencies =
          RequestBucketCodec.decode(
              Arrays.copyOfRange(bytes, buffer.position(), buffer.position() + length));
    }
    return counts;
  }

  private static void putVarint(ByteBuffer buffer, long value) {
    while ((value & ~0x7FL) != 0) {
      buffer.put((byte) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    buffer.put((byte) value);
  }

  private static long getVarint(ByteBuffer buffer) {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte b = buffer.get();
      value |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new SerializationException("varint longer than 10 bytes in SLO counts");
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
