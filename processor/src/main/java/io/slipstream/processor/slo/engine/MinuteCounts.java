package io.slipstream.processor.slo.engine;

import io.slipstream.processor.slo.sla.HourOfMinutes;

/**
 * Good and total counts of one SLO for each minute of one hour: what the period's budget is made
 * of, kept at minute resolution for the whole period so that a correction filed weeks later can
 * still exclude or attribute exactly the minutes it names. Mutable; lives in a live store. About 2
 * to 6 bytes per minute with traffic once encoded ({@link MinuteCountsCodec}).
 *
 * <p>In memory the counts are packed ({@link PackedCounts}): the current hour of every instance of
 * a grouped SLO is live at once, and as two arrays of longs each would take a kilobyte; packed, a
 * quiet customer's hour takes about a hundred bytes, and no bad count takes nothing. Totals and bad
 * counts share one packed array (the total of minute {@code i} at {@code i}, its bad count at
 * {@code 60 + i}): one object less per live hour.
 */
public final class MinuteCounts implements HourOfMinutes {
  public static final int MINUTES = 60;

  private final PackedCounts counts = new PackedCounts(2 * MINUTES);

  /** Adds to the minute at {@code index} (0 to 59) of the hour. */
  void add(int index, long goodCount, long totalCount) {
    counts.add(index, totalCount);
    counts.add(MINUTES + index, totalCount - goodCount);
  }

  /** Sets the counts of the minute at {@code index}, as read from the store. */
  void set(int index, long goodCount, long totalCount) {
    counts.set(index, totalCount);
    counts.set(MINUTES + index, totalCount - goodCount);
  }

  @Override
  public long good(int index) {
    return counts.get(index) - counts.get(MINUTES + index);
  }

  @Override
  public long total(int index) {
    return counts.get(index);
  }
}
