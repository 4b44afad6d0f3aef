package io.slipstream.processor.slo.engine;

import io.slipstream.processor.slo.sla.HourOfMinutes;

/**
 * Good and total counts of one SLO for each minute of one hour: what the period's budget is made
 * of, kept at minute resolution for the whole period so that a correction filed weeks later can
 * still exclude or attribute exactly the minutes it names. Mutable; lives in a live store. About 2
 * to 6 bytes per minute with traffic once encoded ({@link MinuteCountsCodec}).
 */
public final class MinuteCounts implements HourOfMinutes {
  public static final int MINUTES = 60;

  final long[] good = new long[MINUTES];
  final long[] total = new long[MINUTES];

  /** Adds to the minute at {@code index} (0 to 59) of the hour. */
  void add(int index, long goodCount, long totalCount) {
    good[index] += goodCount;
    total[index] += totalCount;
  }

  @Override
  public long good(int index) {
    return good[index];
  }

  @Override
  public long total(int index) {
    return total[index];
  }
}
