package io.slipstream.ingest.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LognormalLatencyTest {

  @Test
  void shouldComputeTheStandardNormalQuantilesItRestsOn() {
    assertThat(LognormalLatency.inverseStandardNormal(0.5)).isCloseTo(0, within(1e-9));
    assertThat(LognormalLatency.inverseStandardNormal(0.975)).isCloseTo(1.959964, within(1e-6));
    assertThat(LognormalLatency.inverseStandardNormal(0.99)).isCloseTo(2.326348, within(1e-6));
    assertThat(LognormalLatency.inverseStandardNormal(0.001)).isCloseTo(-3.090232, within(1e-6));
  }

  @Test
  void shouldPutTheP99AtAboutThreePointTwoMediansWithSigmaOneHalf() {
    LognormalLatency latency = new LognormalLatency(40_000, 0.5);
    assertThat(latency.quantile(0.5)).isCloseTo(40_000, within(1e-6));
    assertThat(latency.quantile(0.99) / 40_000).isCloseTo(Math.exp(0.5 * 2.326348), within(1e-5));
    assertThat(latency.mean()).isCloseTo(40_000 * Math.exp(0.125), within(1e-6));
  }

  @Test
  void shouldDrawSamplesWhoseQuantilesMatchTheDistribution() {
    LognormalLatency latency = new LognormalLatency(10_000, 0.8);
    SplittableRandom random = new SplittableRandom(42);
    long[] samples = new long[200_000];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = latency.sample(random);
    }
    Arrays.sort(samples);
    for (double p : new double[] {0.1, 0.5, 0.9, 0.99}) {
      double empirical = samples[(int) (p * samples.length)];
      assertThat(empirical / latency.quantile(p)).as("p%s", p).isCloseTo(1.0, within(0.03));
    }
  }

  @Test
  void shouldScaleEveryQuantileByTheFactor() {
    LognormalLatency base = new LognormalLatency(1_000, 0.5);
    assertThat(base.scaled(4).quantile(0.99)).isCloseTo(4 * base.quantile(0.99), within(1e-6));
  }
}
