package io.slipstream.alertmanager.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations as operators write them: {@code 500ms}, {@code 30s}, {@code 5m}, or ISO-8601.
 */
public final class Durations {
  private static final Pattern SIMPLE = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  private Durations() {}

  /**
   * Returns the duration {@code text} names.
   *
   * @throws IllegalArgumentException naming {@code key} when {@code text} is neither form
   */
  public static Duration parse(String key, String text) {
    String trimmed = text.trim().toLowerCase(Locale.ROOT);
    Matcher simple = SIMPLE.matcher(trimmed);
    if (simple.matches()) {
      long amount = Long.parseLong(simple.group(1));
      return switch (simple.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofDays(amount);
      };
    }
    try {
      return Duration.parse(text.trim());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          key + " must be a duration such as 500ms, 30s, 5m or PT1M, was '" + text + "'", e);
    }
  }
}
