package io.slipstream.processor.query;

import io.slipstream.contracts.DurationText;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.Function;

/**
 * A query's time range [from, to), aligned to the base bucket, parsed from {@code window} (a
 * trailing duration such as {@code 5m}, {@code 1h}, {@code 1d}, ending at the end of the current
 * bucket) or from {@code from} and {@code to} (ISO-8601 instants or epoch milliseconds).
 *
 * @param from inclusive start, epoch ms
 * @param to exclusive end, epoch ms
 */
public record TimeRange(long from, long to) {

  /** Most points a series may have. */
  public static final int MAX_POINTS = 1_440;

  /**
   * Parses the range of a request.
   *
   * @param parameter the request's query parameters (null when absent)
   * @param now the current time, epoch ms
   * @param bucketMs the base bucket size: bounds must be multiples of it
   * @param maxRange the longest range answered (the retention of the coarsest rollup)
   * @param defaultWindow the window when neither {@code window} nor {@code from}/{@code to} is
   *     given
   * @throws ApiException 400 naming the parameter: unknown window, malformed or misaligned instant,
   *     from not before to, range too large, both window and from/to given
   */
  public static TimeRange parse(
      Function<String, String> parameter,
      long now,
      long bucketMs,
      Duration maxRange,
      String defaultWindow) {
    String window = parameter.apply("window");
    String fromText = parameter.apply("from");
    String toText = parameter.apply("to");
    TimeRange range;
    if (fromText != null || toText != null) {
      if (window != null) {
        throw ApiException.badParameter("window", "give either window or from/to, not both");
      }
      if (fromText == null) {
        throw ApiException.badParameter("from", "from is required with to");
      }
      long from = aligned("from", instant("from", fromText), bucketMs);
      long to =
          toText == null ? ceil(now, bucketMs) : aligned("to", instant("to", toText), bucketMs);
      if (from >= to) {
        throw ApiException.badParameter(
            "from",
            "from ("
                + Instant.ofEpochMilli(from)
                + ") must be before to ("
                + Instant.ofEpochMilli(to)
                + ")");
      }
      range = new TimeRange(from, to);
    } else {
      String text = window == null ? defaultWindow : window;
      long length = duration("window", text).toMillis();
      if (length % bucketMs != 0) {
        throw ApiException.badParameter(
            "window",
            "window "
                + text
                + " must be a multiple of the "
                + DurationText.format(Duration.ofMillis(bucketMs))
                + " bucket");
      }
      long to = ceil(now, bucketMs);
      range = new TimeRange(to - length, to);
    }
    if (range.length() > maxRange.toMillis()) {
      String name = window != null || fromText == null ? "window" : "from";
      throw ApiException.badParameter(
          name,
          "range of "
              + DurationText.format(Duration.ofMillis(range.length()))
              + " is larger than the "
              + DurationText.format(maxRange)
              + " kept");
    }
    return range;
  }

  /**
   * Parses a series step: a multiple of the bucket, giving at most {@link #MAX_POINTS} points.
   *
   * @throws ApiException 400 naming {@code step}
   */
  public long step(String text, long bucketMs) {
    long step = duration("step", text).toMillis();
    if (step % bucketMs != 0) {
      throw ApiException.badParameter(
          "step",
          "step "
              + text
              + " must be a multiple of the "
              + DurationText.format(Duration.ofMillis(bucketMs))
              + " bucket");
    }
    if (length() % step != 0) {
      throw ApiException.badParameter("step", "step " + text + " must divide the range");
    }
    if (length() / step > MAX_POINTS) {
      throw ApiException.badParameter(
          "step",
          "step "
              + text
              + " gives "
              + length() / step
              + " points; at most "
              + MAX_POINTS
              + " are answered");
    }
    return step;
  }

  public long length() {
    return to - from;
  }

  private static Duration duration(String name, String text) {
    try {
      return DurationText.parse(text);
    } catch (IllegalArgumentException e) {
      throw ApiException.badParameter(name, "unknown " + name + ": " + e.getMessage());
    }
  }

  private static long instant(String name, String text) {
    if (text.matches("-?\\d{1,19}")) {
      try {
        return Long.parseLong(text);
      } catch (NumberFormatException e) {
        throw ApiException.badParameter(name, name + " '" + text + "' is out of range");
      }
    }
    try {
      return Instant.parse(text).toEpochMilli();
    } catch (DateTimeParseException | ArithmeticException e) {
      throw ApiException.badParameter(
          name,
          name
              + " '"
              + text
              + "' is neither an ISO-8601 instant (2026-01-01T00:00:00Z) nor epoch milliseconds");
    }
  }

  private static long aligned(String name, long time, long bucketMs) {
    if (Math.floorMod(time, bucketMs) != 0) {
      throw ApiException.badParameter(
          name,
          name
              + " "
              + Instant.ofEpochMilli(time)
              + " is not aligned to the "
              + DurationText.format(Duration.ofMillis(bucketMs))
              + " bucket");
    }
    return time;
  }

  private static long ceil(long time, long unit) {
    return Math.floorDiv(time + unit - 1, unit) * unit;
  }
}
