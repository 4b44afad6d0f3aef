package io.slipstream.processor.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RollupBucketCodecTest {
  @Test
  void shouldRoundTripTheAggregateAndHowFarItIsFolded() {
    RequestBucket base = new RequestBucket();
    base.add(1_200, false, null);
    base.add(90_000, true, "4bf92f3577b34da6a3ce929d0e0e4736");
    RollupBucket rollup = new RollupBucket();
    rollup.fold(base, 1_700_000_010_000L);

    RollupBucket decoded = RollupBucketCodec.decode(RollupBucketCodec.encode(rollup));

    assertThat(decoded.foldedUntil()).isEqualTo(1_700_000_010_000L);
    assertThat(decoded.aggregate().count()).isEqualTo(2);
    assertThat(decoded.aggregate().errorCount()).isEqualTo(1);
    assertThat(decoded.aggregate().maxLatencyMicros()).isEqualTo(90_000);
    assertThat(decoded.aggregate().failedTraceIds())
        .containsExactly("4bf92f3577b34da6a3ce929d0e0e4736");
  }

  @Test
  void shouldKeepNothingFoldedForAnEmptyRollup() {
    RollupBucket decoded = RollupBucketCodec.decode(RollupBucketCodec.encode(new RollupBucket()));

    assertThat(decoded.foldedUntil()).isEqualTo(RollupBucket.NOTHING_FOLDED);
    assertThat(decoded.aggregate().isEmpty()).isTrue();
  }

  @Test
  void shouldRejectBytesShorterThanTheHeader() {
    assertThatThrownBy(() -> RollupBucketCodec.decode(new byte[3]))
        .isInstanceOf(BucketCodecException.class)
        .hasMessageContaining("3 bytes");
  }

  @Test
  void shouldFoldInTimeOrderAndRememberTheLastEnd() {
    RequestBucket first = new RequestBucket();
    first.add(10, false, null);
    RequestBucket second = new RequestBucket();
    second.add(20, false, null);
    RollupBucket rollup = new RollupBucket();

    rollup.fold(first, 10_000);
    rollup.fold(second, 30_000);

    assertThat(rollup.foldedUntil()).isEqualTo(30_000);
    assertThat(rollup.aggregate().count()).isEqualTo(2);
  }
}
