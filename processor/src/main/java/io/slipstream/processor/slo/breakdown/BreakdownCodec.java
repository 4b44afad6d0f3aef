package io.slipstream.processor.slo.breakdown;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The compact binary form of a {@link MinuteBreakdown}, and a Kafka {@link Serde} for it; {@code
 * null} maps to {@code null} both ways (tombstones). Integers are unsigned LEB128 varints.
 *
 * <pre>
 * byte     format version (1)
 * varint   value limit C (at least 1), exemplar limit E, total bad events
 * -- only when the total is not zero:
 * varint   s, then s strings in ascending order, each used below at least once:
 *            varint 0, 16 bytes        32 lowercase hex digits (a W3C trace id), packed
 *            varint k + 1, k bytes     any other string, UTF-8 (WTF-8 for lone surrogates)
 * per dimension, in declaration order:
 *   varint folded
 *   varint m (at most C; exactly C when folded is not zero), then m values in ascending order:
 *     varint string index of the value (contributor: of its operation, region and status)
 *     varint count (at least 1)
 *     varint e (at most E and at most the count), then e string indices of exemplars, ascending
 * </pre>
 *
 * <p>Values and trace ids are written once and referred to by index: the same trace id is usually
 * an exemplar in every dimension, and a contributor's parts are values of other dimensions. An
 * empty breakdown is 4 bytes. Measured with the default limits (64 values, 3 exemplars) and
 * 32-digit trace ids ({@code BreakdownSizeTest}): 1,000 bad events of one operation, region, status
 * and outcome from 20 instances in 3 zones, all traced, 1.7 kB; 1,000 events over 10 operations, 3
 * regions, 30 instances and 4 statuses, 1 in 10 traced, 2.9 kB; 10,000 events with hundreds of
 * values in every dimension, all traced, 23 kB, of which 20 kB are the 1,200 distinct exemplar
 * trace ids (3 for each of about 390 kept values, 17 bytes each).
 *
 * <p>The encoding is canonical: equal breakdowns give equal bytes, and decoding accepts only bytes
 * that {@link #encode} writes, so it checks every invariant (limits, kept counts plus folded equal
 * to the total in every dimension, ascending order) and rejects anything else, truncated or
 * trailing bytes included, with a {@link SerializationException}.
 */
public final class BreakdownCodec implements Serde<MinuteBreakdown> {
  /** The format version written as the first byte. */
  public static final byte FORMAT_VERSION = 1;

  private static final BreakdownDimension[] DIMENSIONS = BreakdownDimension.values();
  private static final int TRACE_ID_HEX_DIGITS = 32;
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  public static byte[] encode(MinuteBreakdown breakdown) {
    Output out = new Output();
    out.write(FORMAT_VERSION);
    out.writeVarint(breakdown.valueLimit());
    out.writeVarint(breakdown.exemplarLimit());
    out.writeVarint(breakdown.totalBad());
    if (breakdown.isEmpty()) {
      return out.toByteArray();
    }
    List<List<KeptValue>> dimensions = new ArrayList<>();
    Set<String> distinct = new HashSet<>();
    for (BreakdownDimension dimension : DIMENSIONS) {
      List<KeptValue> kept = breakdown.kept(dimension);
      dimensions.add(kept);
      for (KeptValue value : kept) {
        distinct.addAll(parts(value));
        distinct.addAll(value.exemplars());
      }
    }
    String[] strings = distinct.toArray(new String[0]);
    Arrays.sort(strings);
    Map<String, Integer> indices = new HashMap<>();
    out.writeVarint(strings.length);
    for (String string : strings) {
      indices.put(string, indices.size());
      out.writeString(string);
    }
    for (int d = 0; d < DIMENSIONS.length; d++) {
      out.writeVarint(breakdown.folded(DIMENSIONS[d]));
      List<KeptValue> kept = dimensions.get(d);
      out.writeVarint(kept.size());
      for (KeptValue value : kept) {
        for (String part : parts(value)) {
          out.writeVarint(indices.get(part));
        }
        out.writeVarint(value.count);
        List<String> exemplars = value.exemplars();
        out.writeVarint(exemplars.size());
        for (String traceId : exemplars) {
          out.writeVarint(indices.get(traceId));
        }
      }
    }
    return out.toByteArray();
  }

  /**
   * The breakdown {@link #encode} wrote; it aggregates on like the original.
   *
   * @throws SerializationException when the bytes are not exactly what {@code encode} writes
   */
  public static MinuteBreakdown decode(byte[] bytes) {
    Input in = new Input(bytes);
    int version = in.readByte();
    if (version != FORMAT_VERSION) {
      throw new SerializationException("unknown breakdown format version " + version);
    }
    int valueLimit = in.readInt("value limit");
    int exemplarLimit = in.readInt("exemplar limit");
    if (valueLimit < 1) {
      throw new SerializationException("breakdown value limit is 0");
    }
    MinuteBreakdown breakdown = new MinuteBreakdown(valueLimit, exemplarLimit);
    long total = in.readVarint();
    if (total == 0) {
      in.expectEnd();
      return breakdown;
    }
    String[] strings = readStrings(in);
    boolean[] used = new boolean[strings.length];
    for (BreakdownDimension dimension : DIMENSIONS) {
      long folded = in.readVarint();
      int size = in.readInt("value count");
      if (size > valueLimit || (folded > 0 && size != valueLimit)) {
        throw new SerializationException(
            size
                + " values in "
                + dimension
                + " with a limit of "
                + valueLimit
                + ", "
                + folded
                + " folded");
      }
      long sum = folded;
      String previous = null;
      for (int v = 0; v < size; v++) {
        String value = readValue(in, dimension, strings, used);
        if (previous != null && previous.compareTo(value) >= 0) {
          throw new SerializationException(dimension + " values out of order at " + v);
        }
        previous = value;
        long count = in.readVarint();
        int exemplars = in.readInt("exemplar count");
        if (count == 0 || exemplars > exemplarLimit || exemplars > count) {
          throw new SerializationException(
              dimension + " value with " + count + " events and " + exemplars + " exemplars");
        }
        sum = addCount(sum, count);
        KeptValue kept = breakdown.restore(dimension, value, count);
        int previousExemplar = -1;
        for (int e = 0; e < exemplars; e++) {
          previousExemplar = in.readIndex(strings.length, previousExemplar, "exemplar", used);
          kept.offerExemplar(strings[previousExemplar], exemplarLimit);
        }
      }
      if (sum != total) {
        throw new SerializationException(
            dimension + " counts " + sum + " bad events of a total of " + total);
      }
      breakdown.restoreFolded(dimension, folded);
    }
    breakdown.restoreTotal(total);
    in.expectEnd();
    for (int i = 0; i < used.length; i++) {
      if (!used[i]) {
        throw new SerializationException("breakdown string " + i + " is never used");
      }
    }
    return breakdown;
  }

  private static String[] readStrings(Input in) {
    int count = in.readInt("string count");
    if (count > in.remaining()) {
      throw new SerializationException(count + " strings in " + in.remaining() + " bytes");
    }
    String[] strings = new String[count];
    for (int i = 0; i < count; i++) {
      strings[i] = in.readString();
      if (i > 0 && strings[i - 1].compareTo(strings[i]) >= 0) {
        throw new SerializationException("breakdown strings out of order at " + i);
      }
    }
    return strings;
  }

  /** The strings a value is written as: a contributor's three parts, any other value itself. */
  private static List<String> parts(KeptValue value) {
    return value.key instanceof ContributorKey contributor
        ? contributor.parts()
        : List.of(value.value);
  }

  private static String readValue(
      Input in, BreakdownDimension dimension, String[] strings, boolean[] used) {
    if (dimension != BreakdownDimension.CONTRIBUTOR) {
      return strings[in.readIndex(strings.length, -1, "value", used)];
    }
    String operation = strings[in.readIndex(strings.length, -1, "operation", used)];
    String region = strings[in.readIndex(strings.length, -1, "region", used)];
    String status = strings[in.readIndex(strings.length, -1, "status", used)];
    return new Contributor(operation, region, status).encoded();
  }

  private static long addCount(long sum, long count) {
    try {
      return Math.addExact(sum, count);
    } catch (ArithmeticException e) {
      throw new SerializationException("breakdown counts overflow", e);
    }
  }

  private static boolean isPackedTraceId(String string) {
    if (string.length() != TRACE_ID_HEX_DIGITS) {
      return false;
    }
    for (int i = 0; i < TRACE_ID_HEX_DIGITS; i++) {
      char c = string.charAt(i);
      if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
        return false;
      }
    }
    return true;
  }

  @Override
  public Serializer<MinuteBreakdown> serializer() {
    return (topic, breakdown) -> breakdown == null ? null : encode(breakdown);
  }

  @Override
  public Deserializer<MinuteBreakdown> deserializer() {
    return (topic, bytes) -> bytes == null ? null : decode(bytes);
  }

  private static final class Output implements Wtf8.Sink {
    private byte[] bytes = new byte[256];
    private int size;

    @Override
    public void put(int b) {
      write(b);
    }

    void write(int b) {
      if (size == bytes.length) {
        bytes = Arrays.copyOf(bytes, 2 * size);
      }
      bytes[size++] = (byte) b;
    }

    void writeVarint(long value) {
      while ((value & ~0x7FL) != 0) {
        write((int) ((value & 0x7F) | 0x80));
        value >>>= 7;
      }
      write((int) value);
    }

    void writeString(String string) {
      if (isPackedTraceId(string)) {
        writeVarint(0);
        for (int i = 0; i < TRACE_ID_HEX_DIGITS; i += 2) {
          write(
              Character.digit(string.charAt(i), 16) << 4
                  | Character.digit(string.charAt(i + 1), 16));
        }
        return;
      }
      writeVarint(Wtf8.length(string) + 1L);
      Wtf8.encode(string, false, this);
    }

    byte[] toByteArray() {
      return Arrays.copyOf(bytes, size);
    }
  }

  private static final class Input {
    private final byte[] bytes;
    private int position;

    Input(byte[] bytes) {
      this.bytes = bytes;
    }

    int remaining() {
      return bytes.length - position;
    }

    int readByte() {
      if (position >= bytes.length) {
        throw new SerializationException("truncated breakdown (" + bytes.length + " bytes)");
      }
      return bytes[position++] & 0xFF;
    }

    /** A varint of at most 63 bits, in its shortest form. */
    long readVarint() {
      long value = 0;
      for (int shift = 0; shift < 63; shift += 7) {
        int b = readByte();
        value |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          if (b == 0 && shift > 0) {
            throw new SerializationException("varint not in its shortest form in breakdown");
          }
          return value;
        }
      }
      throw new SerializationException("varint beyond 63 bits in breakdown");
    }

    int readInt(String what) {
      long value = readVarint();
      if (value > Integer.MAX_VALUE) {
        throw new SerializationException("breakdown " + what + " " + value + " is too large");
      }
      return (int) value;
    }

    /** An index into a table of {@code size}, larger than {@code previous}, marked as used. */
    int readIndex(int size, int previous, String what, boolean[] used) {
      int index = readInt(what + " index");
      if (index >= size || index <= previous) {
        throw new SerializationException(
            "breakdown " + what + " index " + index + " after " + previous + " of " + size);
      }
      used[index] = true;
      return index;
    }

    String readString() {
      int tag = readInt("string length");
      if (tag == 0) {
        if (remaining() < TRACE_ID_HEX_DIGITS / 2) {
          throw new SerializationException("truncated trace id in breakdown");
        }
        char[] digits = new char[TRACE_ID_HEX_DIGITS];
        for (int i = 0; i < TRACE_ID_HEX_DIGITS; i += 2) {
          int b = readByte();
          digits[i] = HEX[b >>> 4];
          digits[i + 1] = HEX[b & 0xF];
        }
        return new String(digits);
      }
      int length = tag - 1;
      if (length > remaining()) {
        throw new SerializationException("breakdown string of " + length + " bytes truncated");
      }
      String string = Wtf8.decode(bytes, position, length);
      if (string == null || isPackedTraceId(string)) {
        throw new SerializationException("breakdown string not in its canonical form");
      }
      position += length;
      return string;
    }

    void expectEnd() {
      if (position != bytes.length) {
        throw new SerializationException(
            (bytes.length - position) + " bytes after the end of the breakdown");
      }
    }
  }
}
