package io.slipstream.localrun.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SoakReportTest {
  /** Samples 10 s apart; a live set of -1 means none was measured. */
  private static List<SoakSample> samples(long[] liveSetMb, long[] lag) {
    List<SoakSample> samples = new ArrayList<>();
    for (int i = 0; i < liveSetMb.length; i++) {
      samples.add(
          new SoakSample(
              10L * (i + 1),
              1000L * (i + 1),
              0,
              lag[i],
              300,
              250,
              liveSetMb[i],
              512,
              900,
              i,
              5L * i,
              1.5));
    }
    return samples;
  }

  @Test
  void shouldCallMemoryBoundedWhenTheLiveSetStaysNearWhereTheLastThirdBegan() {
    SoakReport report =
        new SoakReport(
            samples(new long[] {-1, 150, -1, 190, -1, 200}, new long[] {0, 10, 5, 8, 4, 3}), 1000);
    assertThat(report.liveSetsMb()).containsExactly(150L, 190L, 200L);
    assertThat(report.memoryBounded()).isTrue();
    assertThat(report.lagBounded()).isTrue();
    assertThat(report.verdict())
        .contains("live set 150 → 190 → 200 MB at the end of each third (bounded)")
        .doesNotContain("NOT");
  }

  @Test
  void shouldCallMemoryUnboundedWhenTheLiveSetKeepsGrowing() {
    SoakReport report =
        new SoakReport(
            samples(new long[] {-1, 200, -1, 300, -1, 400}, new long[] {0, 0, 0, 0, 0, 0}), 1000);
    assertThat(report.memoryBounded()).isFalse();
    assertThat(report.verdict()).contains("(NOT bounded)");
  }

  @Test
  void shouldCallLagUnboundedWhenTheEndLagIsThirtySecondsOfLoadOrMore() {
    SoakReport report =
        new SoakReport(samples(new long[] {100, 100, 100}, new long[] {0, 10_000, 30_000}), 1000);
    assertThat(report.lagBounded()).isFalse();
    assertThat(report.maxLag()).isEqualTo(30_000);
  }

  @Test
  void shouldRenderOneTableRowPerSampleLeavingUnmeasuredLiveSetsEmpty() {
    SoakReport report =
        new SoakReport(samples(new long[] {-1, 100, 100}, new long[] {0, 1, 2}), 1000);
    List<String> rows =
        report.markdown().lines().filter(line -> line.matches("\\| \\d.*")).toList();
    assertThat(rows).hasSize(3);
    assertThat(rows.get(0)).startsWith("| 10 | 1,000 | 0 | 300 | 250 |  | 900 |");
    assertThat(rows.get(1)).startsWith("| 20 | 2,000 | 1 | 300 | 250 | 100 | 900 |");
    assertThat(report.gcPercent()).isEqualTo(100.0 * 10 / 30_000);
  }

  @Test
  void shouldRefuseARunWithFewerThanTwoLiveSetMeasurements() {
    assertThatThrownBy(
            () -> new SoakReport(samples(new long[] {-1, -1, 5}, new long[] {0, 0, 0}), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 2 live-set measurements");
  }
}
