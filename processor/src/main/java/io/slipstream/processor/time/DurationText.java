package io.slipstream.processor.time;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations written the way SRE tools write them: a whole number and a unit, {@code ms}, {@code s},
 * {@code m}, {@code h}, {@code d} or {@code w} (e.g. {@code 10s}, {@code 5m}, {@code 30d}).
 */
public final class DurationText {
  private static final Pattern FORMAT = Pattern.compile("(\\d+)(ms|s|m|h|d|w)");

  private DurationText() {}

  /**
   * @throws IllegalArgumentException naming the text when it is not a positive duration in this
   *     format
   */
  public static Duration parse(String text) {
    Matcher matcher = FORMAT.matcher(text == null ? "" : text.trim());
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is not a duration; expected a number and a unit (ms, s, m, h, d, w), e.g. 5m");
    }
    long amount = Long.parseLong(matcher.group(1));
    Duration duration =
        switch (matcher.group(2)) {
          case "ms" -> Duration.ofMillis(amount);
          case "s" -> Duration.ofSeconds(amount);
          case "m" -> Duration.ofMinutes(amount);
          case "h" -> Duration.ofHours(amount);
          case "d" -> Duration.ofDays(amount);
          default -> Duration.ofDays(7 * amount);
        };
    if (duration.isZero()) {
      throw new IllegalArgumentException("'" + text + "' is zero; a duration must be positive");
    }
    return duration;
  }

  /** The shortest text that {@link #parse} reads back as {@code duration}. */
  public static String format(Duration duration) {
    long ms = duration.toMillis();
    long[] sizes = {7 * 86_400_000L, 86_400_000L, 3_600_000L, 60_000L, 1_000L};
    String[] units = {"w", "d", "h", "m", "s"};
    for (int i = 0; i < sizes.length; i++) {
      if (ms % sizes[i] == 0) {
        return ms / sizes[i] + units[i];
      }
    }
    return ms + "ms";
  }
}
