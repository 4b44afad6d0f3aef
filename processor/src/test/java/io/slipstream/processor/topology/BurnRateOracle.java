package io.slipstream.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.avro.BurnRateEvaluation;
import io.slipstream.avro.Outcome;
import io.slipstream.avro.RequestEvent;
import io.slipstream.avro.WindowBurnRate;
import java.util.ArrayList;
import java.util.List;

/**
 * Burn rates and budgets computed the obvious way, from every raw event that has arrived: for a
 * window {@code w} evaluated at {@code now}, count the events whose minute lies in (minute(now) −
 * w, minute(now)]; for the rolling period, those whose hour lies in (hour(now) − period,
 * hour(now)]. Availability: an event is bad when the processor's default classification calls it an
 * error.
 */
public final class BurnRateOracle {
  private static final long MINUTE = 60_000;
  private static final long HOUR = 3_600_000;

  private final double target;
  private final long periodMs;
  private final List<RequestEvent> arrived = new ArrayList<>();

  public BurnRateOracle(double target, long periodMs) {
    this.target = target;
    this.periodMs = periodMs;
  }

  public void arrive(RequestEvent event) {
    arrived.add(event);
  }

  /** [good, total] over window {@code windowMs} at {@code now}. */
  public long[] window(long now, long windowMs) {
    long end = floor(now, MINUTE);
    return count(end - windowMs, end, MINUTE);
  }

  public long[] period(long now) {
    long end = floor(now, HOUR);
    return count(end - periodMs, end, HOUR);
  }

  public Double burnRate(long[] goodTotal) {
    if (goodTotal[1] == 0) {
      return null;
    }
    return ((double) (goodTotal[1] - goodTotal[0]) / goodTotal[1]) / (1 - target);
  }

  public double budgetRemaining(long[] goodTotal) {
    if (goodTotal[1] == 0) {
      return 1.0;
    }
    return 1 - (goodTotal[1] - goodTotal[0]) / ((1 - target) * goodTotal[1]);
  }

  private long[] count(long exclusiveFrom, long inclusiveTo, long unit) {
    long good = 0;
    long total = 0;
    for (RequestEvent event : arrived) {
      long bucket = floor(event.getTimestamp().toEpochMilli(), unit);
      if (bucket > exclusiveFrom && bucket <= inclusiveTo) {
        total++;
        good += isError(event) ? 0 : 1;
      }
    }
    return new long[] {good, total};
  }

  /**
   * Asserts that a published evaluation carries exactly this oracle's numbers at its evaluation
   * time: good and total events and burn rate of every window, period counts and budget left.
   */
  public void assertMatches(BurnRateEvaluation evaluation) {
    long now = evaluation.getEvaluatedAt().toEpochMilli();
    for (WindowBurnRate window : evaluation.getWindows()) {
      long[] expected = window(now, window.getWindowMillis());
      assertThat(new long[] {window.getGoodEvents(), window.getTotalEvents()})
          .as("good and total events of window %s at %s", window.getWindow(), now)
          .containsExactly(expected);
      assertThat(window.getBurnRate())
          .as("burn rate of window %s at %s", window.getWindow(), now)
          .isEqualTo(burnRate(expected));
    }
    long[] period = period(now);
    assertThat(new long[] {evaluation.getPeriodGoodEvents(), evaluation.getPeriodTotalEvents()})
        .as("good and total events of the period at %s", now)
        .containsExactly(period);
    assertThat(evaluation.getErrorBudgetRemaining())
        .as("error budget left at %s", now)
        .isEqualTo(budgetRemaining(period));
  }

  static boolean isError(RequestEvent event) {
    Integer status = event.getStatusCode();
    return event.getOutcome() == Outcome.ERROR
        || event.getOutcome() == Outcome.TIMEOUT
        || (status != null && status >= 500);
  }

  private static long floor(long time, long unit) {
    return Math.floorDiv(time, unit) * unit;
  }
}
