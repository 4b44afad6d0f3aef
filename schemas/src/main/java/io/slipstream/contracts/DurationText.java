package io.slipstream.contracts;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Slipstream's one duration grammar, read by every setting, option, query parameter and document
 * that holds a duration, in every module.
 *
 * <p>Two forms are read:
 *
 * <ul>
 *   <li>shorthand, the way SRE tools write durations: a whole number and one of the lower-case
 *       units {@code ms}, {@code s}, {@code m}, {@code h}, {@code d} (24 h) or {@code w} (7 d),
 *       with nothing between them ({@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 2d},
 *       {@code 1w});
 *   <li>ISO-8601 as {@link Duration#parse} reads it ({@code PT30S}, {@code PT1H30M}, {@code P1D},
 *       {@code PT0.5S}).
 * </ul>
 *
 * <p>Values are whole milliseconds, the resolution of Kafka timestamps; text that names a finer
 * duration ({@code PT0.0001S}) or one beyond {@code Long.MAX_VALUE} milliseconds is refused.
 * Upper-case shorthand units are refused rather than guessed: in OpenSLO {@code 1M} is a month.
 * Surrounding blanks are ignored. Every refusal is an {@link IllegalArgumentException} whose
 * message quotes the text.
 *
 * <p>{@link #format} writes the shortest shorthand, which every parser here reads back.
 */
public final class DurationText {
  private static final Pattern SHORTHAND = Pattern.compile("(\\d+)(ms|s|m|h|d|w)");
  private static final Pattern ISO_START = Pattern.compile("[+-]?[Pp]");
  private static final String EXPECTED =
      "expected a whole number and a unit (ms, s, m, h, d, w), e.g. 5m, or ISO-8601, e.g. PT30S";

  private static final long[] UNIT_MILLIS = {
    7 * 86_400_000L, 86_400_000L, 3_600_000L, 60_000L, 1_000L
  };
  private static final String[] UNITS = {"w", "d", "h", "m", "s"};

  private DurationText() {}

  /**
   * The positive duration {@code text} names, in either form.
   *
   * @throws IllegalArgumentException quoting {@code text} when it is null, in neither form, zero,
   *     negative, finer than a millisecond or too long
   */
  public static Duration parse(String text) {
    Duration duration = parseNonNegative(text);
    if (duration.isZero()) {
      throw new IllegalArgumentException("'" + text + "' is zero; a duration must be positive");
    }
    return duration;
  }

  /**
   * The duration {@code text} names, in either form, zero allowed: for offsets such as "0s after
   * the start".
   *
   * @throws IllegalArgumentException quoting {@code text} when it is null, in neither form,
   *     negative, finer than a millisecond or too long
   */
  public static Duration parseNonNegative(String text) {
    String trimmed = text == null ? "" : text.strip();
    Matcher shorthand = SHORTHAND.matcher(trimmed);
    Duration duration;
    if (shorthand.matches()) {
      duration = shorthand(text, shorthand);
    } else if (ISO_START.matcher(trimmed).lookingAt()) {
      duration = iso(text, trimmed);
    } else {
      throw new IllegalArgumentException("'" + text + "' is not a duration; " + EXPECTED);
    }
    if (duration.isNegative()) {
      throw new IllegalArgumentException("'" + text + "' is negative; a duration must not be");
    }
    return duration;
  }

  /**
   * The positive duration {@code text} names in the shorthand form only. OpenSLO documents read
   * durations with this: the OpenSLO specification's duration shorthand has no ISO-8601 form, and a
   * document Slipstream accepts stays readable by other OpenSLO tools ({@code ms} is Slipstream's
   * one addition).
   *
   * @throws IllegalArgumentException quoting {@code text} when it is not shorthand, is zero or too
   *     long
   */
  public static Duration parseShorthand(String text) {
    Matcher shorthand = SHORTHAND.matcher(text == null ? "" : text.strip());
    if (!shorthand.matches()) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is not a duration; expected a whole number and a unit (ms, s, m, h, d, w),"
              + " e.g. 5m");
    }
    Duration duration = shorthand(text, shorthand);
    if (duration.isZero()) {
      throw new IllegalArgumentException("'" + text + "' is zero; a duration must be positive");
    }
    return duration;
  }

  /**
   * The shortest shorthand that {@link #parse} reads back as {@code duration} ({@code 90s} → {@code
   * 90s}, {@code PT2H} → {@code 2h}, {@code P14D} → {@code 2w}); zero is {@code 0s}. Parts finer
   * than a millisecond are dropped.
   *
   * @throws ArithmeticException if {@code duration} is more than {@code Long.MAX_VALUE} ms
   */
  public static String format(Duration duration) {
    long ms = duration.toMillis();
    if (ms == 0) {
      return "0s";
    }
    for (int i = 0; i < UNIT_MILLIS.length; i++) {
      if (ms % UNIT_MILLIS[i] == 0) {
        return ms / UNIT_MILLIS[i] + UNITS[i];
      }
    }
    return ms + "ms";
  }

  /** The duration of a {@code matcher} that matched {@link #SHORTHAND}. */
  private static Duration shorthand(String text, Matcher matcher) {
    try {
      long amount = Long.parseLong(matcher.group(1));
      long unitMillis =
          switch (matcher.group(2)) {
            case "ms" -> 1L;
            case "s" -> 1_000L;
            case "m" -> 60_000L;
            case "h" -> 3_600_000L;
            case "d" -> 86_400_000L;
            default -> 7 * 86_400_000L;
          };
      return Duration.ofMillis(Math.multiplyExact(amount, unitMillis));
    } catch (NumberFormatException | ArithmeticException e) {
      throw tooLong(text, e);
    }
  }

  private static Duration iso(String text, String trimmed) {
    Duration duration;
    try {
      duration = Duration.parse(trimmed);
    } catch (DateTimeParseException e) {
      if (e.getCause() instanceof ArithmeticException) {
        throw tooLong(text, e);
      }
      throw new IllegalArgumentException("'" + text + "' is not a duration; " + EXPECTED, e);
    }
    if (duration.getNano() % 1_000_000 != 0) {
      throw new IllegalArgumentException(
          "'" + text + "' is finer than a millisecond; durations are whole milliseconds");
    }
    try {
      duration.toMillis();
    } catch (ArithmeticException e) {
      throw tooLong(text, e);
    }
    return duration;
  }

  private static IllegalArgumentException tooLong(String text, Exception cause) {
    return new IllegalArgumentException(
        "'" + text + "' is too long; a duration is at most " + Long.MAX_VALUE + " ms", cause);
  }
}
