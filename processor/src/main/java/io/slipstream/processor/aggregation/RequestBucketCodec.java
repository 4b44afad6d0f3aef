package io.slipstream.processor.aggregation;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.encoding.ByteArrayInput;
import com.datadoghq.sketch.ddsketch.encoding.GrowingByteArrayOutput;
import com.datadoghq.sketch.ddsketch.encoding.Input;
import com.datadoghq.sketch.ddsketch.encoding.Output;
import com.datadoghq.sketch.ddsketch.encoding.VarEncodingHelper;
import com.datadoghq.sketch.ddsketch.store.SparseStore;
import com.datadoghq.sketch.ddsketch.store.Store;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The compact binary form of a {@link RequestBucket}, and a Kafka {@link Serde} for it (state
 * stores and changelogs). {@code null} maps to {@code null} both ways (tombstones).
 *
 * <p>Format version {@value #FORMAT_VERSION}; integers are DDSketch's unsigned varints:
 *
 * <pre>
 * byte     format version (1)
 * varint   count
 * varint   errorCount                       (&lt;= count)
 * varint   minLatencyMicros, max - min      (only when count &gt; 0)
 * varint   exemplar limit K
 * varint   n slowest (&lt;= K), then n x (varint latencyMicros, string traceId)
 * varint   n failed  (&lt;= K), then n x string traceId
 * rest     the latency sketch: DDSketch.encode(output, false), index mapping included
 * string = varint UTF-8 length, UTF-8 bytes
 * </pre>
 *
 * <p>The sketch uses DDSketch's own binary encoding ({@code DDSketch.encode} / {@code
 * DDSketch.decode}): it is symmetric, needs no protobuf at run time (unlike {@code
 * DDSketch.serialize()}, whose protobuf bytes this library cannot read back), and picks a dense or
 * sparse bin layout, whichever is smaller. The index mapping (17 bytes) is kept so a sketch written
 * with another accuracy is rejected instead of read as wrong numbers. Measured sizes: an empty
 * bucket is 23 bytes; 10,000 latencies log-uniform over 1 ms to 1 s (350 bins) encode to a 699-byte
 * sketch and a 1,056-byte bucket with 5 + 5 exemplars of 32-hex-digit trace ids (the sketch's
 * protobuf {@code serialize()} would take 2,824 bytes); over 1 µs to 60 s (905 bins), a 1,518-byte
 * sketch; 10,000 latencies around 20 ms ± 3 ms, a 125-byte sketch.
 *
 * <p>Decoding never trusts the bytes: the sketch is first read into a sparse store (so a corrupt
 * bin index cannot make a dense store allocate gigabytes), checked (count matches, bins within the
 * range of whole-microsecond latencies, min and max in the right bins), then copied into the dense
 * store used for aggregation. Anything wrong raises {@link BucketCodecException}. Decoding is the
 * rare path (restore, cache miss, query), so the extra copy is a good trade.
 */
public final class RequestBucketCodec implements Serde<RequestBucket> {

  /** The format version written as the first byte. */
  public static final byte FORMAT_VERSION = 1;

  // A char is at most 3 UTF-8 bytes (a surrogate pair is 2 chars and 4 bytes).
  private static final int MAX_TRACE_ID_BYTES = RequestBucket.MAX_TRACE_ID_LENGTH * 3;
  // Latencies are whole microseconds: 0 goes to the zero bin, anything else is in [1, 2^63).
  private static final int MIN_BIN_INDEX = RequestBucket.INDEX_MAPPING.index(1);
  private static final int MAX_BIN_INDEX = RequestBucket.INDEX_MAPPING.index(Long.MAX_VALUE);

  @Override
  public Serializer<RequestBucket> serializer() {
    return (topic, bucket) -> bucket == null ? null : encode(bucket);
  }

  @Override
  public Deserializer<RequestBucket> deserializer() {
    return (topic, bytes) -> bytes == null ? null : decode(bytes);
  }

  /** Encodes a bucket; the bucket is not modified. */
  public static byte[] encode(RequestBucket bucket) {
    GrowingByteArrayOutput output = GrowingByteArrayOutput.withInitialCapacity(256);
    try {
      output.writeByte(FORMAT_VERSION);
      writeVarLong(output, bucket.count());
      writeVarLong(output, bucket.errorCount());
      if (!bucket.isEmpty()) {
        writeVarLong(output, bucket.minLatencyMicros());
        writeVarLong(output, bucket.maxLatencyMicros() - bucket.minLatencyMicros());
      }
      writeVarLong(output, bucket.exemplarLimit());
      List<Exemplar> slowest = bucket.slowestExemplars();
      writeVarLong(output, slowest.size());
      for (Exemplar exemplar : slowest) {
        writeVarLong(output, exemplar.latencyMicros());
        writeString(output, exemplar.traceId());
      }
      List<String> failed = bucket.failedTraceIds();
      writeVarLong(output, failed.size());
      for (String traceId : failed) {
        writeString(output, traceId);
      }
      bucket.sketch().encode(output, false);
    } catch (IOException e) {
      // GrowingByteArrayOutput never throws; the signature is Output's.
      throw new UncheckedIOException(e);
    }
    return output.trimmedCopy();
  }

  /**
   * Decodes bytes written by {@link #encode}.
   *
   * @throws BucketCodecException if the bytes are empty, truncated, of an unknown format version or
   *     inconsistent
   */
  public static RequestBucket decode(byte[] bytes) {
    if (bytes.length == 0) {
      throw new BucketCodecException("request bucket: no bytes");
    }
    if (bytes[0] != FORMAT_VERSION) {
      throw new BucketCodecException(
          "request bucket: unknown format version "
              + bytes[0]
              + " (this build reads "
              + FORMAT_VERSION
              + ")");
    }
    try {
      return decodeBody(ByteArrayInput.wrap(bytes, 1, bytes.length - 1));
    } catch (BucketCodecException e) {
      throw e;
    } catch (EOFException e) {
      throw new BucketCodecException("request bucket: truncated (" + bytes.length + " bytes)", e);
    } catch (IOException | RuntimeException e) {
      throw new BucketCodecException("request bucket: corrupt bytes: " + e, e);
    }
  }

  private static RequestBucket decodeBody(Input input) throws IOException {
    long count = readVarLong(input);
    long errorCount = readVarLong(input);
    check(count >= 0, "negative count");
    check(errorCount >= 0 && errorCount <= count, "error count outside [0, count]");
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    if (count > 0) {
      min = readVarLong(input);
      long span = readVarLong(input);
      check(min >= 0 && span >= 0 && min + span >= min, "latency min/max out of range");
      max = min + span;
    }
    long limit = readVarLong(input);
    check(limit >= 0 && limit <= RequestBucket.MAX_EXEMPLAR_LIMIT, "exemplar limit out of range");

    long slowestCount = readVarLong(input);
    check(slowestCount >= 0 && slowestCount <= Math.min(limit, count), "too many slowest");
    List<Exemplar> slowest = new ArrayList<>((int) slowestCount);
    for (int i = 0; i < slowestCount; i++) {
      long latency = readVarLong(input);
      check(latency >= min && latency <= max, "exemplar latency outside [min, max]");
      slowest.add(new Exemplar(readString(input), latency));
    }
    long failedCount = readVarLong(input);
    check(failedCount >= 0 && failedCount <= Math.min(limit, errorCount), "too many failed");
    List<String> failed = new ArrayList<>((int) failedCount);
    for (int i = 0; i < failedCount; i++) {
      failed.add(readString(input));
    }

    // encode() always writes the index mapping: nothing left means the bytes were cut short.
    if (!input.hasRemaining()) {
      throw new EOFException("no latency sketch");
    }
    DDSketch untrusted;
    try {
      untrusted = DDSketch.decode(input, SparseStore::new, RequestBucket.INDEX_MAPPING);
    } catch (IllegalArgumentException e) {
      // Among others: a sketch written with another accuracy ("not the same index mappings").
      throw new BucketCodecException(
          "request bucket: invalid latency sketch: " + e.getMessage(), e);
    }
    checkSketch(untrusted, count, min, max);
    DDSketch sketch = RequestBucket.newSketch();
    sketch.mergeWith(untrusted);
    return RequestBucket.restore((int) limit, count, errorCount, min, max, sketch, slowest, failed);
  }

  private static void checkSketch(DDSketch sketch, long count, long min, long max) {
    check(sketch.getNegativeValueStore().isEmpty(), "sketch holds negative latencies");
    check(sketch.getCount() == count, "sketch count differs from count");
    Store positive = sketch.getPositiveValueStore();
    positive.forEach(
        (index, binCount) ->
            check(
                index >= MIN_BIN_INDEX
                    && index <= MAX_BIN_INDEX
                    && binCount > 0
                    && binCount == Math.rint(binCount),
                "sketch bin out of range"));
    if (count == 0) {
      return;
    }
    // The exact min and max must sit in the sketch's extreme bins (or the zero bin).
    boolean hasZeros = sketch.getCount() > positive.getTotalCount();
    check(hasZeros == (min == 0), "sketch zero bin disagrees with min");
    if (min > 0) {
      check(positive.getMinIndex() == RequestBucket.INDEX_MAPPING.index(min), "min not in sketch");
    }
    if (max > 0) {
      check(positive.getMaxIndex() == RequestBucket.INDEX_MAPPING.index(max), "max not in sketch");
    } else {
      check(positive.isEmpty(), "sketch has latencies above max");
    }
  }

  private static void check(boolean condition, String problem) {
    if (!condition) {
      throw new BucketCodecException("request bucket: " + problem);
    }
  }

  private static void writeVarLong(Output output, long value) throws IOException {
    VarEncodingHelper.encodeUnsignedVarLong(output, value);
  }

  private static long readVarLong(Input input) throws IOException {
    return VarEncodingHelper.decodeUnsignedVarLong(input);
  }

  private static void writeString(Output output, String value) throws IOException {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    writeVarLong(output, utf8.length);
    for (byte b : utf8) {
      output.writeByte(b);
    }
  }

  private static String readString(Input input) throws IOException {
    long length = readVarLong(input);
    check(length > 0 && length <= MAX_TRACE_ID_BYTES, "trace id length out of range");
    byte[] utf8 = new byte[(int) length];
    for (int i = 0; i < utf8.length; i++) {
      utf8[i] = input.readByte();
    }
    try {
      // A fresh decoder reports malformed input instead of silently substituting U+FFFD.
      String value = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(utf8)).toString();
      check(value.length() <= RequestBucket.MAX_TRACE_ID_LENGTH, "trace id too long");
      return value;
    } catch (CharacterCodingException e) {
      throw new BucketCodecException("request bucket: trace id is not UTF-8", e);
    }
  }
}
