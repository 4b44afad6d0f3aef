package io.slipstream.processor.slo.spec;

import io.slipstream.processor.slo.spec.SloDefinition.CalendarUnit;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;

/** Calendar weeks (from Monday 00:00) and months (from the 1st 00:00) in a time zone. Pure. */
public final class CalendarPeriods {
  private CalendarPeriods() {}

  /** Start (epoch ms) of the week or month containing {@code time} in {@code zone}. */
  public static long start(CalendarUnit unit, ZoneId zone, long time) {
    ZonedDateTime day = Instant.ofEpochMilli(time).atZone(zone).toLocalDate().atStartOfDay(zone);
    ZonedDateTime start =
        unit == CalendarUnit.WEEK
            ? day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
            : day.withDayOfMonth(1);
    return start.toLocalDate().atStartOfDay(zone).toInstant().toEpochMilli();
  }

  /** Start of the period after the one starting at {@code start}. */
  public static long next(CalendarUnit unit, ZoneId zone, long start) {
    ZonedDateTime from = Instant.ofEpochMilli(start).atZone(zone);
    ZonedDateTime next = unit == CalendarUnit.WEEK ? from.plusWeeks(1) : from.plusMonths(1);
    return next.toLocalDate().atStartOfDay(zone).toInstant().toEpochMilli();
  }

  /** Start of the period before the one starting at {@code start}. */
  public static long previous(CalendarUnit unit, ZoneId zone, long start) {
    ZonedDateTime from = Instant.ofEpochMilli(start).atZone(zone);
    ZonedDateTime previous = unit == CalendarUnit.WEEK ? from.minusWeeks(1) : from.minusMonths(1);
    return previous.toLocalDate().atStartOfDay(zone).toInstant().toEpochMilli();
  }

  /**
   * Start of {@code definition}'s current period at {@code now}: the calendar period's start, or
   * {@code now} minus the rolling length.
   */
  public static long currentPeriodStart(SloDefinition definition, long now) {
    if (definition.window() instanceof SloDefinition.TimeWindow.Calendar calendar) {
      return start(calendar.unit(), calendar.zone(), now);
    }
    return now - definition.window().nominalLength().toMillis();
  }
}
