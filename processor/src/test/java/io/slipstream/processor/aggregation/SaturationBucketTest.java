package io.slipstream.processor.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.slipstream.avro.ResourceSample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class SaturationBucketTest {

  @Test
  void shouldTrackMeanAndMaxOfCpuAndMemory() {
    SaturationBucket bucket = new SaturationBucket();
    bucket.add(sample(0.2, 0.5, null, null, null));
    bucket.add(sample(0.6, 0.3, null, null, null));

    assertThat(bucket.sampleCount()).isEqualTo(2);
    assertThat(bucket.meanCpu()).isCloseTo(0.4, within(1e-12));
    assertThat(bucket.maxCpu()).isEqualTo(0.6);
    assertThat(bucket.meanMemory()).isCloseTo(0.4, within(1e-12));
    assertThat(bucket.maxMemory()).isEqualTo(0.5);
  }

  @Test
  void shouldTakeSaturationAsTheLargestOfMaxCpuMemoryAndPool() {
    SaturationBucket bucket = new SaturationBucket();
    bucket.add(sample(0.2, 0.5, 0.1, null, null));
    assertThat(bucket.saturation()).isEqualTo(0.5);

    bucket.add(sample(0.7, 0.1, 0.3, null, null));
    assertThat(bucket.saturation()).isEqualTo(0.7);

    bucket.add(sample(0.1, 0.1, 0.95, null, null));
    assertThat(bucket.saturation()).isEqualTo(0.95);
  }

  @Test
  void shouldAveragePoolOnlyOverSamplesThatReportedIt() {
    SaturationBucket bucket = new SaturationBucket();
    bucket.add(sample(0.1, 0.1, 0.4, null, null));
    bucket.add(sample(0.1, 0.1, null, null, null));
    bucket.add(sample(0.1, 0.1, 0.8, null, null));

    assertThat(bucket.poolSampleCount()).isEqualTo(2);
    assertThat(bucket.meanPool()).isCloseTo(0.6, within(1e-12));
    assertThat(bucket.maxPool()).isEqualTo(0.8);
  }

  @Test
  void shouldIgnoreThePoolWhenNoSampleReportedIt() {
    SaturationBucket bucket = new SaturationBucket();
    bucket.add(sample(0.3, 0.2, null, null, null));

    assertThat(bucket.maxPool()).isNaN();
    assertThat(bucket.meanPool()).isNaN();
    assertThat(bucket.saturation()).isEqualTo(0.3);
  }

  @Test
  void shouldKeepTheLargestInFlightAndQueueDepthReported() {
    SaturationBucket bucket = new SaturationBucket();
    bucket.add(sample(0.1, 0.1, null, 12, null));
    bucket.add(sample(0.1, 0.1, null, 3, 0));
    bucket.add(sample(0.1, 0.1, null, null, 7));

    assertThat(bucket.maxInFlightRequests()).hasValue(12);
    assertThat(bucket.maxQueueDepth()).hasValue(7);
  }

  @Test
  void shouldAnswerNaNAndEmptyWithoutSamples() {
    SaturationBucket bucket = new SaturationBucket();

    assertThat(bucket.isEmpty()).isTrue();
    assertThat(bucket.saturation()).isNaN();
    assertThat(bucket.meanCpu()).isNaN();
    assertThat(bucket.maxCpu()).isNaN();
    assertThat(bucket.meanMemory()).isNaN();
    assertThat(bucket.maxMemory()).isNaN();
    assertThat(bucket.maxInFlightRequests()).isEqualTo(OptionalInt.empty());
    assertThat(bucket.maxQueueDepth()).isEqualTo(OptionalInt.empty());
  }

  @Test
  void shouldKeepUtilisationAboveOneAsReported() {
    SaturationBucket bucket = new SaturationBucket();
    bucket.add(sample(1.25, 0.5, null, null, null));

    assertThat(bucket.saturation()).isEqualTo(1.25);
  }

  @Test
  void shouldRejectInvalidSamplesAndStayUnchanged() {
    SaturationBucket bucket = new SaturationBucket();
    bucket.add(sample(0.5, 0.5, null, null, null));

    assertThatThrownBy(() -> bucket.add(sample(Double.NaN, 0.1, null, null, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cpuUtilization");
    assertThatThrownBy(() -> bucket.add(sample(0.1, -0.1, null, null, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("memoryUtilization");
    assertThatThrownBy(() -> bucket.add(sample(0.1, 0.1, Double.POSITIVE_INFINITY, null, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("poolUtilization");
    assertThatThrownBy(() -> bucket.add(sample(0.1, 0.1, null, -1, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("inFlightRequests");
    assertThatThrownBy(() -> bucket.add(sample(0.1, 0.1, null, null, -1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("queueDepth");
    assertThat(bucket.sampleCount()).isEqualTo(1);
    assertThat(bucket.meanCpu()).isEqualTo(0.5);
  }

  @Test
  void shouldMergeIntoAnEmptyBucketAsACopy() {
    SaturationBucket bucket = new SaturationBucket();
    bucket.add(sample(0.3, 0.4, 0.5, 6, 7));

    SaturationBucket copy = bucket.copy();

    assertThat(SaturationBucketCodec.encode(copy)).isEqualTo(SaturationBucketCodec.encode(bucket));
  }

  @Property(tries = 200)
  void shouldMergeChunksLikeAddingEverySample(
      @ForAll @Size(max = 30) List<@DoubleRange(min = 0, max = 1.5) Double> cpu,
      @ForAll @IntRange(min = 0, max = 30) int cut) {
    List<ResourceSample> samples = new ArrayList<>();
    for (int i = 0; i < cpu.size(); i++) {
      samples.add(
          sample(
              cpu.get(i),
              cpu.get(cpu.size() - 1 - i) / 2,
              i % 3 == 0 ? null : cpu.get(i) / 3,
              i % 2 == 0 ? null : i,
              i % 4 == 0 ? i * 2 : null));
    }
    int at = Math.min(cut, samples.size());
    SaturationBucket whole = new SaturationBucket();
    samples.forEach(whole::add);
    SaturationBucket left = new SaturationBucket();
    samples.subList(0, at).forEach(left::add);
    SaturationBucket right = new SaturationBucket();
    samples.subList(at, samples.size()).forEach(right::add);

    right.merge(left);

    assertThat(right.sampleCount()).isEqualTo(whole.sampleCount());
    assertThat(right.poolSampleCount()).isEqualTo(whole.poolSampleCount());
    assertSameDouble(right.maxCpu(), whole.maxCpu());
    assertSameDouble(right.maxMemory(), whole.maxMemory());
    assertSameDouble(right.maxPool(), whole.maxPool());
    assertSameDouble(right.saturation(), whole.saturation());
    assertThat(right.maxInFlightRequests()).isEqualTo(whole.maxInFlightRequests());
    assertThat(right.maxQueueDepth()).isEqualTo(whole.maxQueueDepth());
    if (!whole.isEmpty()) {
      // Sums in another order may differ in the last bits.
      assertThat(right.meanCpu()).isCloseTo(whole.meanCpu(), within(1e-12));
      assertThat(right.meanMemory()).isCloseTo(whole.meanMemory(), within(1e-12));
    }
  }

  /** Equal, with NaN equal to NaN (no data on both sides). */
  private static void assertSameDouble(double actual, double expected) {
    assertThat(Double.compare(actual, expected)).as("%s vs %s", actual, expected).isZero();
  }

  static ResourceSample sample(
      double cpu, double memory, Double pool, Integer inFlight, Integer queueDepth) {
    return ResourceSample.newBuilder()
        .setService("checkout")
        .setInstance("checkout-1")
        .setTimestamp(Instant.parse("2025-01-01T00:00:00Z"))
        .setCpuUtilization(cpu)
        .setMemoryUtilization(memory)
        .setPoolUtilization(pool)
        .setInFlightRequests(inFlight)
        .setQueueDepth(queueDepth)
        .build();
  }
}
