package io.slipstream.ingest.loadgen;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Parses the short durations people type: {@code 500ms}, {@code 90s}, {@code 5m}, {@code 2h}. */
public final class Durations {

  private Durations() {}

  /**
   * Parses {@code <number><unit>} with unit {@code ms}, {@code s}, {@code m}, {@code h} or {@code
   * d} (whole numbers), or an ISO-8601 duration such as {@code PT1H30M}.
   *
   * @throws IllegalArgumentException naming the text when it is neither, or negative
   */
  public static Duration parse(String text) {
    String value = text.strip().toLowerCase(Locale.ROOT);
    Duration result;
    try {
      if (value.startsWith("p")) {
        result = Duration.parse(value.toUpperCase(Locale.ROOT));
      } else if (value.endsWith("ms")) {
        result = Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
      } else if (value.endsWith("s")) {
        result = Duration.ofSeconds(number(value));
      } else if (value.endsWith("m")) {
        result = Duration.ofMinutes(number(value));
      } else if (value.endsWith("h")) {
        result = Duration.ofHours(number(value));
      } else if (value.endsWith("d")) {
        result = Duration.ofDays(number(value));
      } else {
        throw new IllegalArgumentException(
            "'" + text + "' is not a duration such as 500ms, 90s, 5m, 2h, 1d or PT1H");
      }
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration such as 500ms, 90s, 5m, 2h, 1d or PT1H", e);
    }
    if (result.isNegative()) {
      throw new IllegalArgumentException("'" + text + "' is negative");
    }
    return result;
  }

  private static long number(String value) {
    return Long.parseLong(value.substring(0, value.length() - 1));
  }
}
