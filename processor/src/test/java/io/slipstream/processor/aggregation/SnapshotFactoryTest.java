package io.slipstream.processor.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipstream.avro.SliSnapshot;
import java.io.IOException;
import java.time.Instant;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class SnapshotFactoryTest {

  private static final long START = Instant.parse("2025-03-01T12:00:00Z").toEpochMilli();
  private static final long END = START + 60_000;

  @Test
  void shouldFillEveryGoldenSignalFromTheBucket() throws IOException {
    RequestBucket bucket = new RequestBucket();
    for (int i = 1; i <= 120; i++) {
      bucket.add(i * 1_000L, i % 40 == 0, null);
    }

    SliSnapshot snapshot =
        SnapshotFactory.create("checkout", "GET /cart", START, END, bucket, OptionalDouble.of(0.8));

    assertThat(snapshot.getService()).isEqualTo("checkout");
    assertThat(snapshot.getOperation()).isEqualTo("GET /cart");
    assertThat(snapshot.getWindowStart()).isEqualTo(Instant.ofEpochMilli(START));
    assertThat(snapshot.getWindowEnd()).isEqualTo(Instant.ofEpochMilli(END));
    assertThat(snapshot.getRequestCount()).isEqualTo(120);
    assertThat(snapshot.getErrorCount()).isEqualTo(3);
    assertThat(snapshot.getErrorRatio()).isEqualTo(0.025);
    assertThat(snapshot.getRequestsPerSecond()).isEqualTo(2.0);
    assertThat(snapshot.getLatencyP50Micros()).isEqualTo(bucket.quantile(0.5));
    assertThat(snapshot.getLatencyP90Micros()).isEqualTo(bucket.quantile(0.9));
    assertThat(snapshot.getLatencyP95Micros()).isEqualTo(bucket.quantile(0.95));
    assertThat(snapshot.getLatencyP99Micros()).isEqualTo(bucket.quantile(0.99));
    assertThat(snapshot.getLatencyP999Micros()).isEqualTo(bucket.quantile(0.999));
    // rank floor(0.5 * 119) = 59: the 60th latency, 60 ms, within 1 %.
    assertThat(snapshot.getLatencyP50Micros()).isBetween(59_400.0, 60_600.0);
    assertThat(snapshot.getLatencyMinMicros()).isEqualTo(1_000L);
    assertThat(snapshot.getLatencyMaxMicros()).isEqualTo(120_000L);
    assertThat(snapshot.getSaturation()).isEqualTo(0.8);
    // The Avro record is complete and valid: it encodes and decodes.
    assertThat(SliSnapshot.fromByteBuffer(snapshot.toByteBuffer())).isEqualTo(snapshot);
  }

  @Test
  void shouldLeaveLatencyErrorRatioAndSaturationNullWithoutTraffic() {
    SliSnapshot snapshot =
        SnapshotFactory.create("checkout", null, START, END, new RequestBucket());

    assertThat(snapshot.getOperation()).isNull();
    assertThat(snapshot.getRequestCount()).isZero();
    assertThat(snapshot.getErrorCount()).isZero();
    assertThat(snapshot.getErrorRatio()).isNull();
    assertThat(snapshot.getRequestsPerSecond()).isZero();
    assertThat(snapshot.getLatencyP50Micros()).isNull();
    assertThat(snapshot.getLatencyP999Micros()).isNull();
    assertThat(snapshot.getLatencyMinMicros()).isNull();
    assertThat(snapshot.getLatencyMaxMicros()).isNull();
    assertThat(snapshot.getSaturation()).isNull();
    assertThat(snapshot.getExemplarTraceIds()).isEmpty();
  }

  @Test
  void shouldListSlowestExemplarsFirstThenFailedOnesEachOnce() {
    RequestBucket bucket = new RequestBucket(2);
    bucket.add(9_000, true, "slow-and-failed");
    bucket.add(8_000, false, "slow");
    bucket.add(10, true, "failed");
    bucket.add(5, false, "fast");

    SliSnapshot snapshot = SnapshotFactory.create("checkout", null, START, END, bucket);

    assertThat(snapshot.getExemplarTraceIds()).containsExactly("slow-and-failed", "slow", "failed");
  }

  @Test
  void shouldComputeRequestsPerSecondOverTheWindowLength() {
    RequestBucket bucket = new RequestBucket();
    for (int i = 0; i < 15; i++) {
      bucket.add(100, false, null);
    }

    SliSnapshot snapshot = SnapshotFactory.create("checkout", null, START, START + 10_000, bucket);

    assertThat(snapshot.getRequestsPerSecond()).isEqualTo(1.5);
  }

  @Test
  void shouldRejectAnEmptyOrReversedWindow() {
    RequestBucket bucket = new RequestBucket();

    assertThatThrownBy(() -> SnapshotFactory.create("checkout", null, START, START, bucket))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SnapshotFactory.create("checkout", null, END, START, bucket))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
