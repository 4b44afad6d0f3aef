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
 * quiet customer's hour takes about a hundred bytes, and no bad count takes nothing.
 */
public final class MinuteCounts implements HourOfMinutes {
  public static final int MINUTES = 60;

  private final PackedCounts total = new PackedCounts(MINUTES);
  private final PackedCounts bad = new PackedCounts(MINUTES);

  /** Adds to the minute at {@code index} (0 to 59) of the hour. */
  void add(int index, long goodCount, long totalCount) {
    total.add(index, totalCount);
    bad.add(index, totalCount - goodCount);
  }

  /** Sets the counts of the minute at {@code index}, as read from the store. */
  void set(int index, long goodCount, long totalCount) {
    total.set(index, totalCount);
    bad.set(index, totalCount - goodCount);
  }

  @Override
  public long good(int index) {
    return total.get(index) - bad.get(index);
  }

  @Override
  public long total(int index) {
    return total.get(index);
  }
}
