package io.slipstream.processor.slo.arithmetic;

/**
 * The SRE Workbook's arithmetic, on exact counts (sums of counts, never averages of ratios): the
 * one place burn rates, SLIs, budgets and times to exhaustion are computed, for the live
 * evaluation, the query API's history and the SLA reports alike.
 */
public final class BurnRateMath {
  private BurnRateMath() {}

  /**
   * (bad / total) / (1 − target): how many times faster than sustainable the budget burns; null
   * when nothing was counted.
   */
  public static Double burnRate(long good, long total, double target) {
    if (total == 0) {
      return null;
    }
    return ((double) (total - good) / total) / (1 - target);
  }

  /** good / total, or null when nothing was counted. */
  public static Double sli(long good, long total) {
    return total == 0 ? null : (double) good / total;
  }

  /**
   * The fraction of the period's error budget left: 1 − bad / ((1 − target) · total). 1 when
   * nothing was counted; negative once overspent.
   */
  public static double budgetRemaining(long good, long total, double target) {
    if (total == 0) {
      return 1.0;
    }
    return 1 - (total - good) / ((1 - target) * total);
  }

  /**
   * How long until the budget is gone at burn rate {@code burnRate}: at burn rate 1 a whole budget
   * lasts one period. 0 when already spent; null when not burning.
   */
  public static Long timeToExhaustionMs(double budgetRemaining, Double burnRate, long periodMs) {
    if (burnRate == null || burnRate <= 0) {
      return null;
    }
    if (budgetRemaining <= 0) {
      return 0L;
    }
    return (long) (budgetRemaining * periodMs / burnRate);
  }

  /** The period's error budget in events: (1 − target) · total. */
  public static double budgetEvents(long total, double target) {
    return (1 - target) * total;
  }

  /**
   * {@code events} as a fraction of the error budget of {@code total} events (1 = the whole
   * budget); null when nothing was counted.
   */
  public static Double budgetFraction(long events, long total, double target) {
    return total == 0 ? null : events / budgetEvents(total, target);
  }
}
