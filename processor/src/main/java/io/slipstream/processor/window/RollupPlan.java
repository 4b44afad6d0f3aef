package io.slipstream.processor.window;

import java.util.ArrayList;
import java.util.List;

/**
 * How to answer a question about [from, to) with as few stored aggregates as possible: whole hours
 * from the hour rollups, whole minutes from the minute rollups, the rest from base buckets. A
 * one-day window merges 24 objects instead of 8,640.
 */
public final class RollupPlan {
  public static final long MINUTE_MS = 60_000L;
  public static final long HOUR_MS = 3_600_000L;

  /** Which store a run of windows comes from. */
  public enum Level {
    BUCKET,
    MINUTE,
    HOUR
  }

  /**
   * Consecutive windows of one level: those starting at {@code firstStart}, {@code firstStart +
   * size}, …, {@code lastStart}.
   */
  public record Run(Level level, long firstStart, long lastStart) {}

  private RollupPlan() {}

  /**
   * Covers [from, to) exactly, without overlap. Both ends must be multiples of {@code bucketMs},
   * which must divide a minute.
   *
   * @throws IllegalArgumentException naming the misaligned bound
   */
  public static List<Run> cover(long from, long to, long bucketMs) {
    if (from % bucketMs != 0 || to % bucketMs != 0) {
      throw new IllegalArgumentException(
          "window ["
              + from
              + ", "
              + to
              + ") must start and end on a multiple of the bucket size "
              + bucketMs
              + " ms");
    }
    List<Run> runs = new ArrayList<>();
    if (to <= from) {
      return runs;
    }
    long minuteFrom = ceil(from, MINUTE_MS);
    long minuteTo = Math.floorDiv(to, MINUTE_MS) * MINUTE_MS;
    if (minuteFrom >= minuteTo) {
      add(runs, Level.BUCKET, from, to, bucketMs);
      return runs;
    }
    long hourFrom = ceil(minuteFrom, HOUR_MS);
    long hourTo = Math.floorDiv(minuteTo, HOUR_MS) * HOUR_MS;
    add(runs, Level.BUCKET, from, minuteFrom, bucketMs);
    if (hourFrom < hourTo) {
      add(runs, Level.MINUTE, minuteFrom, hourFrom, MINUTE_MS);
      add(runs, Level.HOUR, hourFrom, hourTo, HOUR_MS);
      add(runs, Level.MINUTE, hourTo, minuteTo, MINUTE_MS);
    } else {
      add(runs, Level.MINUTE, minuteFrom, minuteTo, MINUTE_MS);
    }
    add(runs, Level.BUCKET, minuteTo, to, bucketMs);
    return runs;
  }

  private static void add(List<Run> runs, Level level, long from, long to, long size) {
    if (from < to) {
      runs.add(new Run(level, from, to - size));
    }
  }

  private static long ceil(long time, long size) {
    return Math.floorDiv(time + size - 1, size) * size;
  }
}
