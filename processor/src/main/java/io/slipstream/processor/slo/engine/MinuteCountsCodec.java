package io.slipstream.processor.slo.engine;

import java.io.ByteArrayOutputStream;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Binary form of {@link MinuteCounts}: a version byte, then for each minute with a non-zero total,
 * its index (1 byte), total and good as unsigned varints. An idle hour is one byte.
 */
public final class MinuteCountsCodec implements Serde<MinuteCounts> {
  private static final byte VERSION = 1;

  public static byte[] encode(MinuteCounts counts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    out.write(VERSION);
    for (int i = 0; i < MinuteCounts.MINUTES; i++) {
      long total = counts.total(i);
      long good = counts.good(i);
      if (total != 0 || good != 0) {
        out.write(i);
        writeVarint(out, total);
        writeVarint(out, good);
      }
    }
    return out.toByteArray();
  }

  public static MinuteCounts decode(byte[] bytes) {
    if (bytes.length < 1 || bytes[0] != VERSION) {
      throw new SerializationException("not a minute counts record of version " + VERSION);
    }
    MinuteCounts counts = new MinuteCounts();
    int[] position = {1};
    while (position[0] < bytes.length) {
      int index = bytes[position[0]++];
      if (index < 0 || index >= MinuteCounts.MINUTES) {
        throw new SerializationException("minute index " + index + " out of range");
      }
      long total = readVarint(bytes, position);
      counts.set(index, readVarint(bytes, position), total);
    }
    return counts;
  }

  private static void writeVarint(ByteArrayOutputStream out, long value) {
    while ((value & ~0x7FL) != 0) {
      out.write((int) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.write((int) value);
  }

  private static long readVarint(byte[] bytes, int[] position) {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (position[0] >= bytes.length) {
        throw new SerializationException("truncated minute counts record");
      }
      byte b = bytes[position[0]++];
      value |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new SerializationException("varint too long in minute counts record");
  }

  @Override
  public Serializer<MinuteCounts> serializer() {
    return (topic, counts) -> counts == null ? null : encode(counts);
  }

  @Override
  public Deserializer<MinuteCounts> deserializer() {
    return (topic, bytes) -> bytes == null ? null : decode(bytes);
  }
}
