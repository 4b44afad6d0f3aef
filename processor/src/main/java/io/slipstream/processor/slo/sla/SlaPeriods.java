package io.slipstream.processor.slo.sla;

import io.slipstream.processor.slo.documents.DocumentException;
import io.slipstream.processor.slo.spec.CalendarPeriods;
import io.slipstream.processor.slo.spec.SloDefinition.CalendarUnit;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;

/** Which period of an SLA a question is about. Pure. */
public final class SlaPeriods {
  private SlaPeriods() {}

  /**
   * The start of the period named by {@code text}: {@code current} (default), {@code previous}, a
   * month {@code 2026-11} (month SLAs), or any date {@code 2026-11-17} inside it.
   *
   * @throws DocumentException (field {@code period}) when the text names no period, or one that has
   *     not started
   */
  public static long start(SlaDefinition sla, String text, long now) {
    long current = CalendarPeriods.start(sla.unit(), sla.zone(), now);
    if (text == null || text.isBlank() || text.equals("current")) {
      return current;
    }
    if (text.equals("previous")) {
      return CalendarPeriods.previous(sla.unit(), sla.zone(), current);
    }
    LocalDate date;
    try {
      date = LocalDate.parse(text);
    } catch (DateTimeParseException notADate) {
      try {
        if (sla.unit() != CalendarUnit.MONTH) {
          throw new DocumentException(
              "period",
              "'" + text + "': a weekly SLA's period is named by a date, e.g. 2026-11-17");
        }
        date = YearMonth.parse(text).atDay(1);
      } catch (DateTimeParseException e) {
        throw new DocumentException(
            "period",
            "'" + text + "' is not a period; expected current, previous, 2026-11 or 2026-11-17");
      }
    }
    long start =
        CalendarPeriods.start(
            sla.unit(), sla.zone(), date.atStartOfDay(sla.zone()).toInstant().toEpochMilli());
    if (start > current) {
      throw new DocumentException("period", "the period " + text + " has not started yet");
    }
    return start;
  }
}
