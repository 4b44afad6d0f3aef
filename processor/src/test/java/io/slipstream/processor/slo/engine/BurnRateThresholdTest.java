package io.slipstream.processor.slo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BurnRateThresholdTest {
  @Test
  void shouldTellGteFromGtExactlyAtTheThreshold() {
    // 14.4 × (1 − 0.999) = 0.0144: 144 bad of 10,000 is exactly at the threshold.
    BurnRateThreshold gte = BurnRateThreshold.of(0.999, 14.4, true);
    BurnRateThreshold gt = BurnRateThreshold.of(0.999, 14.4, false);

    assertThat(gte.reachedBy(144, 10_000)).isTrue();
    assertThat(gt.reachedBy(144, 10_000)).isFalse();
    assertThat(gt.reachedBy(145, 10_000)).isTrue();
    assertThat(gte.reachedBy(143, 10_000)).isFalse();
  }

  @Test
  void shouldAgreeWithTheBurnRateAwayFromTheBoundary() {
    BurnRateThreshold six = BurnRateThreshold.of(0.99, 6, false);
    assertThat(six.reachedBy(7, 100)).isTrue(); // burn rate 7
    assertThat(six.reachedBy(5, 100)).isFalse(); // burn rate 5
  }

  @Test
  void shouldNeverHoldWithoutEvents() {
    assertThat(BurnRateThreshold.of(0.99, 1, true).reachedBy(0, 0)).isFalse();
  }

  @Test
  void shouldCompareHugeCountsWithoutOverflow() {
    BurnRateThreshold threshold = BurnRateThreshold.of(0.999, 14.4, true);
    long total = Long.MAX_VALUE / 2;
    assertThat(threshold.reachedBy(total, total)).isTrue();
    assertThat(threshold.reachedBy(0, total)).isFalse();
  }
}
