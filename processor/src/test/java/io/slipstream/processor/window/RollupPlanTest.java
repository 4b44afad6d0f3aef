package io.slipstream.processor.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipstream.processor.window.RollupPlan.Level;
import io.slipstream.processor.window.RollupPlan.Run;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class RollupPlanTest {
  private static final long BUCKET = 10_000;
  private static final long T0 = 1_700_002_800_000L;

  @Property
  void shouldCoverTheWindowExactlyOnceWithAlignedWindows(
      @ForAll @LongRange(min = 0, max = 2_000_000) long fromBuckets,
      @ForAll @IntRange(min = 0, max = 60_000) int lengthBuckets) {
    long from = T0 + fromBuckets * BUCKET;
    long to = from + lengthBuckets * BUCKET;

    long next = from;
    for (Run run : RollupPlan.cover(from, to, BUCKET)) {
      long size = size(run.level());
      assertThat(run.firstStart()).as("runs are contiguous").isEqualTo(next);
      assertThat(run.firstStart() % size).as("aligned to its level").isZero();
      assertThat(run.lastStart()).isGreaterThanOrEqualTo(run.firstStart());
      next = run.lastStart() + size;
    }
    assertThat(next).isEqualTo(to);
  }

  @Property
  void shouldNeverMergeMoreThanAFewHundredObjects(
      @ForAll @LongRange(min = 0, max = 2_000_000) long fromBuckets,
      @ForAll @IntRange(min = 0, max = 300_000) int lengthBuckets) {
    long from = T0 + fromBuckets * BUCKET;
    long to = from + lengthBuckets * BUCKET;

    long objects =
        RollupPlan.cover(from, to, BUCKET).stream()
            .mapToLong(run -> (run.lastStart() - run.firstStart()) / size(run.level()) + 1)
            .sum();
    long hours = lengthBuckets * BUCKET / RollupPlan.HOUR_MS;
    assertThat(objects).isLessThanOrEqualTo(hours + 2 * 59 + 2 * 5);
  }

  @Test
  void shouldAnswerADayWithTwentyFourHourRollups() {
    List<Run> runs = RollupPlan.cover(T0, T0 + 86_400_000L, BUCKET);

    assertThat(runs).containsExactly(new Run(Level.HOUR, T0, T0 + 23 * RollupPlan.HOUR_MS));
  }

  @Test
  void shouldUseBucketsMinutesAndHoursForARaggedWindow() {
    long from = T0 - 70_000; // 1 min 10 s before an hour
    long to = T0 + RollupPlan.HOUR_MS + 80_000; // 1 min 20 s after the next

    assertThat(RollupPlan.cover(from, to, BUCKET))
        .containsExactly(
            new Run(Level.BUCKET, T0 - 70_000, T0 - 70_000),
            new Run(Level.MINUTE, T0 - 60_000, T0 - 60_000),
            new Run(Level.HOUR, T0, T0),
            new Run(Level.MINUTE, T0 + RollupPlan.HOUR_MS, T0 + RollupPlan.HOUR_MS),
            new Run(
                Level.BUCKET, T0 + RollupPlan.HOUR_MS + 60_000, T0 + RollupPlan.HOUR_MS + 70_000));
  }

  @Test
  void shouldRejectAMisalignedBound() {
    assertThatThrownBy(() -> RollupPlan.cover(T0 + 5, T0 + 60_000, BUCKET))
        .hasMessageContaining("multiple of the bucket size");
  }

  private static long size(Level level) {
    return switch (level) {
      case BUCKET -> BUCKET;
      case MINUTE -> RollupPlan.MINUTE_MS;
      case HOUR -> RollupPlan.HOUR_MS;
    };
  }
}
