package io.slipstream.localrun;

import io.slipstream.avro.BurnRateEvaluation;
import io.slipstream.avro.BurnRatePair;
import io.slipstream.avro.SloAlert;
import io.slipstream.avro.WindowBurnRate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * The console's lines, as pure functions of the records. Times are shown as simulated time since
 * the load started ({@code T+1h05m}), which is what the incident script is written in.
 */
final class ConsoleFormat {

  /** The windows a summary line shows, when the evaluation has them. */
  static final List<String> SUMMARY_WINDOWS = List.of("5m", "1h", "6h");

  private ConsoleFormat() {}

  /** {@code 1h05m}, {@code 10m}, {@code 45s}, {@code 2d03h}, {@code 0s}; negative with a minus. */
  static String duration(Duration duration) {
    if (duration.isNegative()) {
      return "-" + duration(duration.negated());
    }
    long seconds = duration.toSeconds();
    long days = seconds / 86_400;
    long hours = seconds % 86_400 / 3_600;
    long minutes = seconds % 3_600 / 60;
    long secs = seconds % 60;
    if (days > 0) {
      return hours == 0 ? days + "d" : String.format(Locale.ROOT, "%dd%02dh", days, hours);
    }
    if (hours > 0) {
      return minutes == 0 ? hours + "h" : String.format(Locale.ROOT, "%dh%02dm", hours, minutes);
    }
    if (minutes > 0) {
      return secs == 0 ? minutes + "m" : String.format(Locale.ROOT, "%dm%02ds", minutes, secs);
    }
    return secs + "s";
  }

  /** {@code T+1h05m}, or {@code T-3h} in the history: simulated time since {@code start}. */
  static String simulated(Instant at, Instant start) {
    Duration since = Duration.between(start, at).withNanos(0);
    return since.isNegative() ? "T-" + duration(since.negated()) : "T+" + duration(since);
  }

  /**
   * One alert transition, e.g. {@code T+1h05m PAGE FIRING checkout-availability (checkout) 1h/5m
   * 16.7x/48.0x > 14.4 budget left 92.1 %}. A resolved alert shows the pairs that last held; an
   * instance of a grouped SLO is named with its group ({@code
   * checkout-availability-by-customer{customer="initech"}}), and a firing alert that knows where
   * its bad requests come from says so on a second line.
   */
  static String alert(SloAlert alert, Instant start) {
    StringJoiner pairs = new StringJoiner(", ");
    for (BurnRatePair pair : alert.getPairs()) {
      pairs.add(
          pair.getLongWindow()
              + "/"
              + pair.getShortWindow()
              + " "
              + rate(pair.getLongBurnRate())
              + "/"
              + rate(pair.getShortBurnRate())
              + (pair.getOp().equals("gte") ? " >= " : " > ")
              + number(pair.getThreshold()));
    }
    return String.format(
            Locale.ROOT,
            "%-8s %-7s %-8s %s (%s)  %s%s  budget left %s",
            simulated(alert.getTransitionAt(), start),
            alert.getSeverity(),
            alert.getState(),
            alert.getGroupKey().isEmpty()
                ? alert.getSloId()
                : alert.getSloId() + "{" + alert.getGroupKey() + "}",
            alert.getService(),
            alert.getState() == io.slipstream.avro.AlertState.RESOLVED ? "last held: " : "",
            pairs.length() == 0 ? "no pairs" : pairs,
            percent(alert.getErrorBudgetRemaining()))
        + where(alert);
  }

  /** The alert's top contributor, as its annotation says it, on a line of its own. */
  private static String where(SloAlert alert) {
    String where = alert.getAnnotations().get("top_contributor");
    return where == null || alert.getState() != io.slipstream.avro.AlertState.FIRING
        ? ""
        : System.lineSeparator() + "         " + where;
  }

  /**
   * One SLO's latest evaluation, e.g. {@code checkout-availability SLI 99.912 % budget 97.0 % burn
   * 5m 0.2x 1h 0.3x 6h 0.2x}.
   */
  static String summary(BurnRateEvaluation evaluation) {
    StringJoiner burns = new StringJoiner(" ");
    for (String window : SUMMARY_WINDOWS) {
      for (WindowBurnRate rate : evaluation.getWindows()) {
        if (rate.getWindow().equals(window)) {
          burns.add(window + " " + rate(rate.getBurnRate()));
        }
      }
    }
    return String.format(
        Locale.ROOT,
        "  %-32s SLI %-9s budget %-8s burn %s",
        evaluation.getGroupKey().isEmpty()
            ? evaluation.getSloId()
            : evaluation.getSloId() + "{" + evaluation.getGroupKey() + "}",
        evaluation.getSli() == null ? "-" : sli(evaluation.getSli()),
        percent(evaluation.getErrorBudgetRemaining()),
        burns);
  }

  /**
   * How far the load has got, for the summaries.
   *
   * @param started whether the load generator runs
   * @param live whether the history has been played and the live load has begun
   * @param simulatedElapsed simulated time the live load has reached, since T+0
   * @param requests request events handed to the publisher
   * @param dropped request events the publisher could not deliver
   */
  record LoadStatus(
      boolean started, boolean live, Duration simulatedElapsed, long requests, long dropped) {
    static final LoadStatus NOT_STARTED = new LoadStatus(false, false, Duration.ZERO, 0, 0);

    /**
     * Where the load is, e.g. {@code load at T+2m52s: 73,151 requests sent}: for the lines that
     * show the processor behind it.
     */
    String withTime() {
      if (!started) {
        return "load not started";
      }
      if (!live) {
        return "playing history: " + counts();
      }
      return "load at T+" + duration(simulatedElapsed.withNanos(0)) + ": " + counts();
    }

    /**
     * What was sent, e.g. {@code 73,151 requests sent}: beside an evaluation's time, which is the
     * one {@code T+} a summary shows.
     */
    String counts() {
      return String.format(Locale.ROOT, "%,d requests sent", requests)
          + (dropped == 0 ? "" : String.format(Locale.ROOT, ", %,d dropped", dropped));
    }
  }

  /** {@code 16.7x}, {@code -} when the window held no events. */
  static String rate(Double burnRate) {
    return burnRate == null ? "-" : number(burnRate) + "x";
  }

  private static String number(double value) {
    return value >= 100
        ? String.format(Locale.ROOT, "%.0f", value)
        : String.format(Locale.ROOT, "%.1f", value);
  }

  private static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
  }

  private static String sli(double fraction) {
    return String.format(Locale.ROOT, "%.3f%%", fraction * 100);
  }
}
