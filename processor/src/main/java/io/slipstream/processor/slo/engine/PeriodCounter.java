package io.slipstream.processor.slo.engine;

import io.slipstream.processor.slo.spec.CalendarPeriods;
import io.slipstream.processor.slo.spec.SloDefinition;
import io.slipstream.processor.slo.spec.SloDefinition.CalendarUnit;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Good and total counts over an SLO's period: the trailing period for a rolling window (kept per
 * hour, so the oldest hour leaves whole), or everything since the start of the current calendar
 * week or month.
 */
abstract sealed class PeriodCounter {
  static final long HOUR_MS = 3_600_000L;

  static PeriodCounter of(SloDefinition.TimeWindow window) {
    if (window instanceof SloDefinition.TimeWindow.Calendar calendar) {
      return new CalendarPeriod(calendar.unit(), calendar.zone());
    }
    return new RollingPeriod(((SloDefinition.TimeWindow.Rolling) window).length().toMillis());
  }

  abstract void add(long time, long good, long total);

  abstract void advanceTo(long time);

  abstract long good();

  /**
   * A tick before which the counts of the period that ends just before {@code tick} stay as they
   * are unless events are added: the earliest moment counts may leave it, or a new calendar period
   * start. May be earlier than the true moment, never later.
   */
  abstract long unchangedUntil(long tick);

  abstract long total();

  /**
   * The period's length for budget arithmetic: the rolling length, or the current calendar
   * period's.
   */
  abstract long lengthMs(long now);

  /** The trailing period, per hour. */
  static final class RollingPeriod extends PeriodCounter {
    /** The ring's one window in hours, by its length: shared by every ring of that length. */
    private static final Map<Long, long[]> WINDOW_HOURS = new ConcurrentHashMap<>();

    private final CountRing hours;
    private final long lengthMs;

    /** The hours the ring keeps: the length in whole hours, at least one. */
    private final long windowMs;

    RollingPeriod(long lengthMs) {
      this.lengthMs = lengthMs;
      this.windowMs = Math.max(HOUR_MS, lengthMs / HOUR_MS * HOUR_MS);
      this.hours =
          new CountRing(
              HOUR_MS,
              WINDOW_HOURS.computeIfAbsent(windowMs, ms -> new long[] {ms / HOUR_MS}),
              true);
    }

    @Override
    void add(long time, long good, long total) {
      hours.add(time, good, total);
    }

    @Override
    void advanceTo(long time) {
      hours.advanceTo(time);
    }

    @Override
    long good() {
      return hours.windowGood(0);
    }

    @Override
    long unchangedUntil(long tick) {
      // Hour h leaves the period once the end moves past h + length. Two days of hours are looked
      // at, at most; past them the answer is where the search stopped.
      long next = hours.nextCountsFrom(tick - windowMs, 48);
      return next == Long.MAX_VALUE ? Long.MAX_VALUE : next + windowMs;
    }

    @Override
    long total() {
      return hours.windowTotal(0);
    }

    @Override
    long lengthMs(long now) {
      return lengthMs;
    }
  }

  /** Since the start of the current calendar week (Monday) or month, in the SLO's time zone. */
  static final class CalendarPeriod extends PeriodCounter {
    private final CalendarUnit unit;
    private final ZoneId zone;
    private long periodStart = Long.MIN_VALUE;
    private long good;
    private long total;

    CalendarPeriod(CalendarUnit unit, ZoneId zone) {
      this.unit = unit;
      this.zone = zone;
    }

    @Override
    void add(long time, long goodCount, long totalCount) {
      long start = periodStart(time);
      if (start > periodStart) {
        periodStart = start;
        good = 0;
        total = 0;
      }
      if (start == periodStart) {
        good += goodCount;
        total += totalCount;
      }
    }

    @Override
    void advanceTo(long time) {
      long start = periodStart(time);
      if (start > periodStart) {
        periodStart = start;
        good = 0;
        total = 0;
      }
    }

    @Override
    long good() {
      return good;
    }

    @Override
    long unchangedUntil(long tick) {
      return nextPeriodStart(periodStart(tick - 1));
    }

    @Override
    long total() {
      return total;
    }

    @Override
    long lengthMs(long now) {
      long start = periodStart(now);
      return nextPeriodStart(start) - start;
    }

    long periodStart(long time) {
      return CalendarPeriods.start(unit, zone, time);
    }

    private long nextPeriodStart(long start) {
      return CalendarPeriods.next(unit, zone, start);
    }
  }
}
