package io.slipstream.processor.aggregation;

import static io.slipstream.processor.aggregation.SaturationBucketTest.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class SaturationBucketCodecTest {

  private final SaturationBucketCodec serde = new SaturationBucketCodec();

  @Test
  void shouldRoundTripEveryFieldExactly() {
    SaturationBucket bucket = new SaturationBucket();
    bucket.add(sample(0.1, 0.2, 0.3, 4, null));
    bucket.add(sample(0.7, 0.05, null, 9, 2));

    SaturationBucket decoded = SaturationBucketCodec.decode(SaturationBucketCodec.encode(bucket));

    assertThat(decoded.sampleCount()).isEqualTo(2);
    assertThat(decoded.poolSampleCount()).isEqualTo(1);
    assertThat(decoded.meanCpu()).isEqualTo(bucket.meanCpu());
    assertThat(decoded.maxCpu()).isEqualTo(0.7);
    assertThat(decoded.meanMemory()).isEqualTo(bucket.meanMemory());
    assertThat(decoded.maxMemory()).isEqualTo(0.2);
    assertThat(decoded.meanPool()).isEqualTo(0.3);
    assertThat(decoded.maxPool()).isEqualTo(0.3);
    assertThat(decoded.maxInFlightRequests()).hasValue(9);
    assertThat(decoded.maxQueueDepth()).hasValue(2);
    assertThat(decoded.saturation()).isEqualTo(bucket.saturation());
  }

  @Test
  void shouldRoundTripAnEmptyBucket() {
    byte[] bytes = SaturationBucketCodec.encode(new SaturationBucket());
    SaturationBucket decoded = SaturationBucketCodec.decode(bytes);

    assertThat(bytes).hasSize(SaturationBucketCodec.ENCODED_SIZE);
    assertThat(decoded.isEmpty()).isTrue();
    assertThat(decoded.maxInFlightRequests()).isEmpty();
    assertThat(decoded.maxQueueDepth()).isEmpty();
  }

  @Test
  void shouldMapNullToNullBothWaysAsASerde() {
    assertThat(serde.serializer().serialize("topic", null)).isNull();
    assertThat(serde.deserializer().deserialize("topic", null)).isNull();
  }

  @Test
  void shouldRejectNoBytesAnUnknownVersionAndAWrongLength() {
    byte[] good = SaturationBucketCodec.encode(new SaturationBucket());
    byte[] future = good.clone();
    future[0] = 9;

    assertThatThrownBy(() -> SaturationBucketCodec.decode(new byte[0]))
        .isInstanceOf(BucketCodecException.class)
        .hasMessageContaining("no bytes");
    assertThatThrownBy(() -> SaturationBucketCodec.decode(future))
        .isInstanceOf(BucketCodecException.class)
        .hasMessageContaining("unknown format version 9");
    assertThatThrownBy(() -> SaturationBucketCodec.decode(Arrays.copyOf(good, good.length - 1)))
        .isInstanceOf(BucketCodecException.class)
        .hasMessageContaining("expected 73 bytes");
    assertThatThrownBy(() -> SaturationBucketCodec.decode(Arrays.copyOf(good, good.length + 1)))
        .isInstanceOf(BucketCodecException.class);
  }

  @Test
  void shouldRejectMorePoolSamplesThanSamples() {
    byte[] bytes = SaturationBucketCodec.encode(new SaturationBucket());
    ByteBuffer.wrap(bytes).putLong(1 + 8 + 4 * 8, 3L);

    assertThatThrownBy(() -> SaturationBucketCodec.decode(bytes))
        .isInstanceOf(BucketCodecException.class)
        .hasMessageContaining("pool samples");
  }

  @Test
  void shouldRejectAMaxAboveTheSum() {
    SaturationBucket bucket = new SaturationBucket();
    bucket.add(sample(0.5, 0.5, null, null, null));
    byte[] bytes = SaturationBucketCodec.encode(bucket);
    ByteBuffer.wrap(bytes).putDouble(1 + 8 + 8, 0.9); // cpuMax

    assertThatThrownBy(() -> SaturationBucketCodec.decode(bytes))
        .isInstanceOf(BucketCodecException.class)
        .hasMessageContaining("cpu");
  }

  @Property(tries = 300)
  void shouldThrowOnlyBucketCodecExceptionForArbitraryBytes(
      @ForAll
          @Size(min = SaturationBucketCodec.ENCODED_SIZE, max = SaturationBucketCodec.ENCODED_SIZE)
          byte[] bytes) {
    bytes[0] = SaturationBucketCodec.FORMAT_VERSION;
    try {
      SaturationBucket decoded = SaturationBucketCodec.decode(bytes);
      assertThat(decoded.poolSampleCount()).isBetween(0L, decoded.sampleCount());
    } catch (BucketCodecException expected) {
      assertThat(expected.getMessage()).startsWith("saturation bucket: ");
    }
  }
}
