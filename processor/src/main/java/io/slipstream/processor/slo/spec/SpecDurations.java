package io.slipstream.processor.slo.spec;

import io.slipstream.contracts.DurationText;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * OpenSLO duration-shorthand for fixed lengths: a whole number and one of {@code s}, {@code m},
 * {@code h}, {@code d}, {@code w} (and {@code ms}), via {@link DurationText#parseShorthand}. Unlike
 * Slipstream's settings, OpenSLO documents do not take ISO-8601 ({@code PT30S}): the OpenSLO
 * specification defines only the shorthand, and a document Slipstream accepts must stay valid for
 * other OpenSLO tools. The calendar units {@code M}, {@code Q} and {@code Y} have no fixed length;
 * only a calendar time window reads {@code 1M}, and it does so itself.
 */
final class SpecDurations {
  private static final Pattern CALENDAR_UNIT = Pattern.compile("\\d+[MQY]");

  private SpecDurations() {}

  /** The fixed-length duration this required field holds. */
  static Duration parse(SpecNode node) {
    String text = node.text();
    if (CALENDAR_UNIT.matcher(text).matches()) {
      throw node.error(
          "'"
              + text
              + "' is a calendar length (M months, Q quarters, Y years) with no fixed duration;"
              + " use s, m, h, d or w here, e.g. 30d");
    }
    try {
      return DurationText.parseShorthand(text);
    } catch (IllegalArgumentException e) {
      throw node.error(e.getMessage());
    }
  }

  /**
   * A duration, or a bare number of minutes as OpenSLO allows for {@code timeSliceWindow} (e.g.
   * {@code 5} is five minutes).
   */
  static Duration parseMinutesOrDuration(SpecNode node) {
    if (node.isNumber()) {
      double minutes = node.number();
      if (minutes <= 0 || minutes != Math.rint(minutes)) {
        throw node.error("a bare number means minutes and must be a positive whole number");
      }
      return Duration.ofMinutes((long) minutes);
    }
    return parse(node);
  }
}
