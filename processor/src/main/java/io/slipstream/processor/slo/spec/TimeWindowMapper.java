package io.slipstream.processor.slo.spec;

import io.slipstream.processor.slo.spec.SloDefinition.CalendarUnit;
import io.slipstream.processor.slo.spec.SloDefinition.TimeWindow;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;

/**
 * Maps {@code spec.timeWindow}: exactly one entry, rolling ({@code isRolling: true}, a fixed
 * duration) or calendar-aligned ({@code isRolling: false} with a {@code calendar}, {@code 1w} or
 * {@code 1M}).
 */
final class TimeWindowMapper {
  private static final List<String> WINDOW_FIELDS = List.of("duration", "isRolling", "calendar");
  private static final List<String> CALENDAR_FIELDS = List.of("startTime", "timeZone");

  // "2024-01-01 00:00:00" as OpenSLO writes it, the ISO form with a 'T', or a bare date.
  private static final DateTimeFormatter START_TIME =
      new DateTimeFormatterBuilder()
          .appendPattern("uuuu-MM-dd")
          .optionalStart()
          .appendPattern("[ ]['T']HH:mm[:ss]")
          .optionalEnd()
          .parseDefaulting(ChronoField.HOUR_OF_DAY, 0)
          .parseDefaulting(ChronoField.MINUTE_OF_HOUR, 0)
          .parseDefaulting(ChronoField.SECOND_OF_MINUTE, 0)
          .toFormatter();

  private TimeWindowMapper() {}

  static TimeWindow map(SpecNode timeWindow) {
    List<SpecNode> windows = timeWindow.elements();
    if (windows.size() != 1) {
      throw timeWindow.error("must hold exactly one window, held " + windows.size());
    }
    SpecNode window = windows.get(0).requireObject().allowOnly(WINDOW_FIELDS);
    SpecNode isRolling = window.get("isRolling");
    SpecNode calendar = window.get("calendar");
    boolean rolling;
    if (isRolling.isPresent()) {
      rolling = isRolling.bool();
    } else if (calendar.isPresent()) {
      rolling = false; // OpenSLO: isRolling defaults to false when a calendar is given
    } else {
      throw isRolling.error(
          "is required: true for a rolling window, or false with a calendar (startTime,"
              + " timeZone)");
    }
    return rolling ? rolling(window, calendar) : calendar(window, calendar);
  }

  private static TimeWindow rolling(SpecNode window, SpecNode calendar) {
    if (calendar.isPresent()) {
      throw calendar.error("a rolling window has no calendar; remove it or set isRolling: false");
    }
    SpecNode duration = window.get("duration");
    if (duration.text().matches("\\d+M")) {
      throw duration.error(
          "'"
              + duration.text()
              + "' is a calendar month, which has no fixed length: a rolling window needs s, m,"
              + " h, d or w (e.g. 30d); for calendar months write isRolling: false with a"
              + " calendar");
    }
    return new TimeWindow.Rolling(SpecDurations.parse(duration));
  }

  private static TimeWindow calendar(SpecNode window, SpecNode calendar) {
    SpecNode duration = window.get("duration");
    CalendarUnit unit =
        switch (duration.text()) {
          case "1w" -> CalendarUnit.WEEK;
          case "1M" -> CalendarUnit.MONTH;
          default ->
              throw duration.error(
                  "a calendar window must be 1w (a week) or 1M (a month), was "
                      + duration.describe());
        };
    if (!calendar.isPresent()) {
      throw calendar.error(
          "is required with isRolling: false: give its timeZone, e.g. {startTime: 2024-01-01"
              + " 00:00:00, timeZone: Europe/Paris}");
    }
    calendar.requireObject().allowOnly(CALENDAR_FIELDS);
    SpecNode timeZone = calendar.get("timeZone");
    if (!timeZone.isPresent()) {
      throw timeZone.error("is required: an IANA time zone, e.g. Europe/Paris or UTC");
    }
    ZoneId zone;
    try {
      zone = ZoneId.of(timeZone.text());
    } catch (DateTimeException e) {
      throw timeZone.error(
          timeZone.describe() + " is not a time zone; use an IANA name, e.g. Europe/Paris or UTC");
    }
    SpecNode startTime = calendar.get("startTime");
    if (startTime.isPresent()) {
      checkAligned(startTime, unit);
    }
    return new TimeWindow.Calendar(unit, zone);
  }

  /**
   * Slipstream's calendar periods start on Monday 00:00 (weeks) and on the 1st at 00:00 (months) in
   * the time zone; a startTime elsewhere would describe different periods, so it is refused rather
   * than ignored.
   */
  private static void checkAligned(SpecNode startTime, CalendarUnit unit) {
    LocalDateTime start;
    try {
      start = LocalDateTime.parse(startTime.text(), START_TIME);
    } catch (DateTimeParseException e) {
      throw startTime.error(
          "must be a date and time like 2024-01-01 00:00:00, was " + startTime.describe());
    }
    boolean midnight = start.toLocalTime().equals(LocalTime.MIDNIGHT);
    if (unit == CalendarUnit.WEEK && !(midnight && start.getDayOfWeek() == DayOfWeek.MONDAY)) {
      throw startTime.error(
          "Slipstream's calendar weeks start on Monday at 00:00 in the time zone; "
              + startTime.describe()
              + " is not such a start (or leave startTime out)");
    }
    if (unit == CalendarUnit.MONTH && !(midnight && start.getDayOfMonth() == 1)) {
      throw startTime.error(
          "Slipstream's calendar months start on the 1st at 00:00 in the time zone; "
              + startTime.describe()
              + " is not such a start (or leave startTime out)");
    }
  }
}
