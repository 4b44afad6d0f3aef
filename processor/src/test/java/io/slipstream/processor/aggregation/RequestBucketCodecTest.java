package io.slipstream.processor.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;
import com.datadoghq.sketch.ddsketch.encoding.GrowingByteArrayOutput;
import com.datadoghq.sketch.ddsketch.encoding.VarEncodingHelper;
import com.datadoghq.sketch.ddsketch.store.SparseStore;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class RequestBucketCodecTest {

  private final RequestBucketCodec serde = new RequestBucketCodec();

  @Test
  void shouldEncodeAnEmptyBucketInTwentyThreeBytes() {
    byte[] bytes = RequestBucketCodec.encode(new RequestBucket());

    assertThat(bytes).hasSize(23);
    assertThat(bytes[0]).isEqualTo(RequestBucketCodec.FORMAT_VERSION);
    assertThat(RequestBucketCodec.decode(bytes).isEmpty()).isTrue();
  }

  @Test
  void shouldEncodeTenThousandLatenciesInAboutAKilobyte() {
    RequestBucket bucket = logUniformBucket(10_000, 1_000, 1_000_000);

    byte[] bytes = RequestBucketCodec.encode(bucket);
    byte[] sketchOnly = sketchBytes(bucket.sketch());

    // 1 ms to 1 s at 1 %: ~350 bins, most of them 1-2 bytes; exemplars add ~340 bytes.
    assertThat(sketchOnly.length).isBetween(500, 900);
    assertThat(bytes.length).isBetween(sketchOnly.length + 250, sketchOnly.length + 450);
  }

  @Test
  void shouldMapNullToNullBothWaysAsASerde() {
    assertThat(serde.serializer().serialize("topic", null)).isNull();
    assertThat(serde.deserializer().deserialize("topic", null)).isNull();
  }

  @Test
  void shouldRoundTripThroughTheSerde() {
    RequestBucket bucket = logUniformBucket(1_000, 1, 60_000_000);

    RequestBucket decoded =
        serde.deserializer().deserialize("topic", serde.serializer().serialize("topic", bucket));

    RequestBucketPropertyTest.assertSameAggregate(decoded, bucket);
  }

  @Test
  void shouldRejectNoBytes() {
    assertThatThrownBy(() -> RequestBucketCodec.decode(new byte[0]))
        .isInstanceOf(BucketCodecException.class)
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("no bytes");
  }

  @Test
  void shouldRejectAnUnknownFormatVersion() {
    byte[] bytes = RequestBucketCodec.encode(logUniformBucket(10, 1, 1000));
    bytes[0] = 2;

    assertThatThrownBy(() -> RequestBucketCodec.decode(bytes))
        .isInstanceOf(BucketCodecException.class)
        .hasMessageContaining("unknown format version 2");
  }

  @Test
  void shouldRejectEveryTruncation() {
    for (RequestBucket bucket :
        new RequestBucket[] {
          new RequestBucket(), logUniformBucket(200, 0, 60_000_000), logUniformBucket(3, 5, 6)
        }) {
      byte[] bytes = RequestBucketCodec.encode(bucket);
      for (int length = 1; length < bytes.length; length++) {
        byte[] prefix = Arrays.copyOf(bytes, length);
        assertThatThrownBy(() -> RequestBucketCodec.decode(prefix))
            .as("prefix of %s of %s bytes", length, bytes.length)
            .isInstanceOf(BucketCodecException.class);
      }
    }
  }

  @Test
  void shouldRejectASketchOfAnotherAccuracy() throws IOException {
    DDSketch coarser = DDSketches.unboundedDense(0.02);
    coarser.accept(5);

    assertThatThrownBy(() -> RequestBucketCodec.decode(frame(1, 5, 5, coarser)))
        .isInstanceOf(BucketCodecException.class)
        .hasMessageContaining("index mapping");
  }

  @Test
  void shouldRejectACountThatDisagreesWithTheSketch() throws IOException {
    DDSketch sketch = RequestBucket.newSketch();
    sketch.accept(5);

    assertThatThrownBy(() -> RequestBucketCodec.decode(frame(2, 5, 5, sketch)))
        .isInstanceOf(BucketCodecException.class)
        .hasMessageContaining("count");
  }

  @Test
  void shouldRejectAMaxThatIsNotInTheSketch() throws IOException {
    DDSketch sketch = RequestBucket.newSketch();
    sketch.accept(5);

    assertThatThrownBy(() -> RequestBucketCodec.decode(frame(1, 5, 5_000, sketch)))
        .isInstanceOf(BucketCodecException.class)
        .hasMessageContaining("max");
  }

  @Test
  void shouldRejectFarApartBinsWithoutAllocatingADenseStoreForThem() throws IOException {
    // Decoded straight into a dense store, these two bins would need 2^31 doubles (16 GiB).
    SparseStore bins = new SparseStore();
    bins.add(-1_000_000_000);
    bins.add(1_000_000_000);
    DDSketch hostile = DDSketch.of(RequestBucket.INDEX_MAPPING, new SparseStore(), bins, 0);

    assertThatThrownBy(() -> RequestBucketCodec.decode(frame(2, 1, 1, hostile)))
        .isInstanceOf(BucketCodecException.class)
        .hasMessageContaining("bin out of range");
  }

  @Property(tries = 500)
  void shouldThrowOnlyBucketCodecExceptionForArbitraryBytes(@ForAll @Size(max = 300) byte[] raw) {
    byte[] versioned = Arrays.copyOf(raw, raw.length + 1);
    System.arraycopy(raw, 0, versioned, 1, raw.length);
    versioned[0] = RequestBucketCodec.FORMAT_VERSION;

    assertDecodesOrThrowsBucketCodecException(raw);
    assertDecodesOrThrowsBucketCodecException(versioned);
  }

  @Property(tries = 300)
  void shouldThrowOnlyBucketCodecExceptionForCorruptedEncodings(@ForAll Random random) {
    RequestBucket bucket = logUniformBucket(1 + random.nextInt(300), 0, 60_000_000);
    byte[] bytes = RequestBucketCodec.encode(bucket);
    for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
      bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
    }

    assertDecodesOrThrowsBucketCodecException(bytes);
  }

  private static void assertDecodesOrThrowsBucketCodecException(byte[] bytes) {
    RequestBucket decoded;
    try {
      decoded = RequestBucketCodec.decode(bytes);
    } catch (BucketCodecException expected) {
      assertThat(expected.getMessage()).startsWith("request bucket: ");
      return;
    }
    // Whatever survives the checks is a consistent bucket.
    assertThat(decoded.errorCount()).isBetween(0L, decoded.count());
    if (!decoded.isEmpty()) {
      assertThat(decoded.minLatencyMicros()).isLessThanOrEqualTo(decoded.maxLatencyMicros());
      assertThat(decoded.quantile(0.5)).isNotNaN();
    }
  }

  /** A version-1 encoding with the given count, min, max, no exemplars, and the given sketch. */
  private static byte[] frame(long count, long min, long max, DDSketch sketch) throws IOException {
    GrowingByteArrayOutput output = GrowingByteArrayOutput.withDefaultInitialCapacity();
    output.writeByte(RequestBucketCodec.FORMAT_VERSION);
    VarEncodingHelper.encodeUnsignedVarLong(output, count);
    VarEncodingHelper.encodeUnsignedVarLong(output, 0); // errors
    VarEncodingHelper.encodeUnsignedVarLong(output, min);
    VarEncodingHelper.encodeUnsignedVarLong(output, max - min);
    VarEncodingHelper.encodeUnsignedVarLong(output, 5); // exemplar limit
    VarEncodingHelper.encodeUnsignedVarLong(output, 0); // slowest
    VarEncodingHelper.encodeUnsignedVarLong(output, 0); // failed
    sketch.encode(output, false);
    return output.trimmedCopy();
  }

  private static byte[] sketchBytes(DDSketch sketch) {
    GrowingByteArrayOutput output = GrowingByteArrayOutput.withDefaultInitialCapacity();
    try {
      sketch.encode(output, false);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return output.trimmedCopy();
  }

  /** Latencies log-uniform in [from, to] µs, 1 % errors, every request traced. */
  static RequestBucket logUniformBucket(int n, long from, long to) {
    Random random = new Random(n * 31L + to);
    double logFrom = Math.log(Math.max(from, 1));
    double logTo = Math.log(to);
    RequestBucket bucket = new RequestBucket();
    for (int i = 0; i < n; i++) {
      long latency = Math.round(Math.exp(logFrom + random.nextDouble() * (logTo - logFrom)));
      if (from == 0 && i % 10 == 0) {
        latency = 0;
      }
      bucket.add(latency, random.nextInt(100) == 0, String.format("%032x", random.nextLong()));
    }
    return bucket;
  }
}
