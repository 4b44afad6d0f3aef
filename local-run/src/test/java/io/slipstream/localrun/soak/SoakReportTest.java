package io.slipstream.localrun.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SoakReportTest {
  private static List<SoakSample> samples(long[] heapAfterGcMb, long[] lag) {
    List<SoakSample> samples = new ArrayList<>();
    for (int i = 0; i < heapAfterGcMb.length; i++) {
      samples.add(
          new SoakSample(
              10L * (i + 1),
              1000L * (i + 1),
              0,
              lag[i],
              300,
              heapAfterGcMb[i],
              512,
              900,
              i,
              5L * i,
              1.5));
    }
    return samples;
  }

  @Test
  void shouldCallMemoryBoundedWhenTheLastThirdStaysNearTheMiddleThirdsPeak() {
    SoakReport report =
        new SoakReport(
            samples(new long[] {50, 200, 180, 190, 185, 200}, new long[] {0, 10, 5, 8, 4, 3}),
            1000);
    assertThat(report.middleHeapAfterGcPeakMb()).isEqualTo(190);
    assertThat(report.lastHeapAfterGcPeakMb()).isEqualTo(200);
    assertThat(report.memoryBounded()).isTrue();
    assertThat(report.lagBounded()).isTrue();
    assertThat(report.verdict()).contains("(bounded)").doesNotContain("NOT");
  }

  @Test
  void shouldCallMemoryUnboundedWhenTheHeapAfterGcKeepsGrowing() {
    SoakReport report =
        new SoakReport(
            samples(new long[] {100, 150, 200, 250, 300, 400}, new long[] {0, 0, 0, 0, 0, 0}),
            1000);
    assertThat(report.memoryBounded()).isFalse();
    assertThat(report.verdict()).contains("400 MB in the last third (NOT bounded)");
  }

  @Test
  void shouldCallLagUnboundedWhenTheEndLagIsThirtySecondsOfLoadOrMore() {
    SoakReport report =
        new SoakReport(samples(new long[] {100, 100, 100}, new long[] {0, 10_000, 30_000}), 1000);
    assertThat(report.lagBounded()).isFalse();
    assertThat(report.maxLag()).isEqualTo(30_000);
  }

  @Test
  void shouldRenderOneTableRowPerSample() {
    SoakReport report =
        new SoakReport(samples(new long[] {100, 100, 100}, new long[] {0, 1, 2}), 1000);
    assertThat(
            report
                .markdown()
                .lines()
                .filter(
                    line ->
                        line.startsWith("| 1") || line.startsWith("| 2") || line.startsWith("| 3")))
        .hasSize(3);
    assertThat(report.gcPercent()).isEqualTo(100.0 * 10 / 30_000);
  }

  @Test
  void shouldRefuseFewerThanThreeSamples() {
    assertThatThrownBy(() -> new SoakReport(samples(new long[] {1, 2}, new long[] {0, 0}), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 3 samples");
  }
}
