package io.slipstream.processor.slo.spec;

import io.slipstream.processor.slo.spec.SloDefinition.Alerting;
import io.slipstream.processor.slo.spec.SloDefinition.BurnRateRule;
import io.slipstream.processor.slo.spec.SloDefinition.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The alerting an SLO gets when its definition names no alert policy: the multi-window,
 * multi-burn-rate table of the Google SRE Workbook (chapter 5, "Alerting on SLOs"), scaled to the
 * SLO's period, and the default guards.
 *
 * <table>
 *   <caption>The Workbook table; burn rates for a 30-day period</caption>
 *   <tr><th>severity</th><th>long window</th><th>short window</th><th>budget spent</th>
 *       <th>burn rate (30d)</th></tr>
 *   <tr><td>page</td><td>1h</td><td>5m</td><td>2 %</td><td>14.4</td></tr>
 *   <tr><td>page</td><td>6h</td><td>30m</td><td>5 %</td><td>6</td></tr>
 *   <tr><td>ticket</td><td>1d</td><td>2h</td><td>10 %</td><td>3</td></tr>
 *   <tr><td>ticket</td><td>3d</td><td>6h</td><td>10 %</td><td>1</td></tr>
 * </table>
 *
 * <p>For a period {@code P} the burn rate of a row is {@code budget spent × P / long window}: it is
 * the rate at which the row's share of the budget is spent in exactly one long window. A 28-day
 * period gives 13.44, 5.6, 2.8 and 0.9333…. Calendar windows use their nominal length ({@link
 * SloDefinition.TimeWindow#nominalLength()}: a week 7 days, a month 30 days).
 */
public final class DefaultAlertRules {

  /**
   * Default {@link Alerting#minEventsInLongWindow()}: 10 events (or slices). Ten is enough that a
   * service with real traffic is never held back, and few enough that a night with three requests,
   * one of them failed, cannot page anyone.
   */
  public static final long DEFAULT_MIN_EVENTS_IN_LONG_WINDOW = 10;

  /**
   * Default {@link Alerting#noDataAfter()}: 30 minutes. Longer than any normal quiet spell of a
   * service with steady traffic, short enough to notice a broken emitter within the first page
   * pair's long window.
   */
  public static final Duration DEFAULT_NO_DATA_AFTER = Duration.ofMinutes(30);

  /**
   * Default {@link Alerting#resolveHoldDown()}: 2 minutes, so a burn rate hovering around the
   * threshold does not resolve and re-fire at every evaluation.
   */
  public static final Duration DEFAULT_RESOLVE_HOLD_DOWN = Duration.ofMinutes(2);

  private static final List<Row> WORKBOOK =
      List.of(
          new Row(Severity.PAGE, Duration.ofHours(1), Duration.ofMinutes(5), 2),
          new Row(Severity.PAGE, Duration.ofHours(6), Duration.ofMinutes(30), 5),
          new Row(Severity.TICKET, Duration.ofDays(1), Duration.ofHours(2), 10),
          new Row(Severity.TICKET, Duration.ofDays(3), Duration.ofHours(6), 10));

  private DefaultAlertRules() {}

  /**
   * The Workbook's four pairs scaled to {@code period}, in the table's order. A pair whose long
   * window is longer than the period is left out (with a 1-day period, the 3-day pair).
   *
   * @throws IllegalArgumentException when {@code period} is not positive
   */
  public static List<BurnRateRule> forPeriod(Duration period) {
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("period must be positive, was " + period);
    }
    List<BurnRateRule> rules = new ArrayList<>(WORKBOOK.size());
    for (Row row : WORKBOOK) {
      if (row.longWindow.compareTo(period) <= 0) {
        rules.add(
            new BurnRateRule(row.severity, row.longWindow, row.shortWindow, burnRate(row, period)));
      }
    }
    return List.copyOf(rules);
  }

  /** {@link #forPeriod} with the default guards. */
  public static Alerting alertingForPeriod(Duration period) {
    return new Alerting(
        forPeriod(period),
        DEFAULT_MIN_EVENTS_IN_LONG_WINDOW,
        DEFAULT_NO_DATA_AFTER,
        DEFAULT_RESOLVE_HOLD_DOWN);
  }

  private static double burnRate(Row row, Duration period) {
    // Both products are exact in a long and below 2^53, so the one division rounds once:
    // a 30-day period gives the double closest to 14.4, as the literal does.
    double spentTimesPeriod = (double) row.budgetPercent * period.toMillis();
    double hundredLongWindows = 100.0 * row.longWindow.toMillis();
    return spentTimesPeriod / hundredLongWindows;
  }

  private record Row(
      Severity severity, Duration longWindow, Duration shortWindow, int budgetPercent) {}
}
