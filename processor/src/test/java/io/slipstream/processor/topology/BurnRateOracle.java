package io.slipstream.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.avro.BurnRateEvaluation;
import io.slipstream.avro.Outcome;
import io.slipstream.avro.RequestEvent;
import io.slipstream.avro.WindowBurnRate;
import io.slipstream.processor.slo.corrections.SloCorrection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Burn rates and budgets computed the obvious way, from every raw event that has arrived: an
 * evaluation at tick {@code now} counts the events before {@code now}; for a window {@code w},
 * exactly those in [now − w, now), to the millisecond; for the rolling period, those whose hour
 * lies in (hour(now − 1) − period, hour(now − 1)]. Availability: an event is bad when the
 * processor's default classification calls it an error.
 *
 * <p>Corrections in force (filed and not deleted) apply by their contract: an event whose minute
 * starts inside an exclude correction's [start, end) counts nowhere; inside only attribute
 * corrections it counts as usual and its badness is also planned spend.
 */
public final class BurnRateOracle {
  private static final long MINUTE = 60_000;
  private static final long HOUR = 3_600_000;

  private final double target;
  private final long periodMs;
  private final List<RequestEvent> arrived = new ArrayList<>();
  private final Map<String, SloCorrection> corrections = new LinkedHashMap<>();
  private final boolean indexed;

  /**
   * While events arrive in time order, their times and a running count of good ones, so that a
   * month of events can be judged at every tick: a count is then two binary searches instead of a
   * pass over every event. Out of order arrivals or corrections fall back to the pass.
   */
  private long[] times = new long[1024];

  private long[] goodBefore = new long[1025];
  private boolean ordered = true;

  public BurnRateOracle(double target, long periodMs) {
    this(target, periodMs, true);
  }

  /** With {@code indexed} false, every count is a pass over every event. */
  BurnRateOracle(double target, long periodMs, boolean indexed) {
    this.target = target;
    this.periodMs = periodMs;
    this.indexed = indexed;
  }

  public void arrive(RequestEvent event) {
    int size = arrived.size();
    arrived.add(event);
    long time = event.getTimestamp().toEpochMilli();
    if (!ordered || (size > 0 && time < times[size - 1])) {
      ordered = false;
      return;
    }
    if (size == times.length) {
      times = Arrays.copyOf(times, size * 2);
      goodBefore = Arrays.copyOf(goodBefore, size * 2 + 1);
    }
    times[size] = time;
    goodBefore[size + 1] = goodBefore[size] + (isError(event) ? 0 : 1);
  }

  void file(SloCorrection correction) {
    corrections.put(correction.id(), correction);
  }

  void delete(String id) {
    corrections.remove(id);
  }

  /** Ids of the corrections in force whose range contains {@code now}, silencing pages. */
  List<String> silencingAt(long now) {
    return corrections.values().stream()
        .filter(c -> c.silencePages() && c.startMs() <= now && now < c.endMs())
        .map(SloCorrection::id)
        .sorted()
        .toList();
  }

  /** [excluded events, planned bad events] over the period at {@code now}. */
  long[] periodCorrections(long now) {
    long end = floor(now - 1, HOUR);
    long excluded = 0;
    long plannedBad = 0;
    for (RequestEvent event : arrived) {
      long bucket = floor(event.getTimestamp().toEpochMilli(), HOUR);
      if (bucket > end - periodMs && bucket <= end && event.getTimestamp().toEpochMilli() < now) {
        boolean[] covered = covered(event);
        if (covered[0]) {
          excluded++;
        } else if (covered[1] && isError(event)) {
          plannedBad++;
        }
      }
    }
    return new long[] {excluded, plannedBad};
  }

  /** [inside an exclude correction, inside an attribute correction], by the event's minute. */
  private boolean[] covered(RequestEvent event) {
    long minute = floor(event.getTimestamp().toEpochMilli(), MINUTE);
    boolean[] covered = new boolean[2];
    for (SloCorrection correction : corrections.values()) {
      if (minute >= correction.startMs() && minute < correction.endMs()) {
        covered[correction.action() == SloCorrection.Action.EXCLUDE ? 0 : 1] = true;
      }
    }
    return covered;
  }

  /** [good, total] over window {@code windowMs} at {@code now}. */
  public long[] window(long now, long windowMs) {
    return count(now - windowMs - 1, now - 1, 1, now);
  }

  public long[] period(long now) {
    long end = floor(now - 1, HOUR);
    return count(end - periodMs, end, HOUR, now);
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

  private long[] count(long exclusiveFrom, long inclusiveTo, long unit, long before) {
    if (indexed && ordered && corrections.isEmpty()) {
      // floor(time, unit) in (exclusiveFrom, inclusiveTo] and time < before, as a range of times.
      long from = floor(exclusiveFrom, unit) + unit;
      long to = Math.min(floor(inclusiveTo, unit) + unit, before);
      if (to <= from) {
        return new long[] {0, 0};
      }
      int first = firstAtOrAfter(from);
      int end = firstAtOrAfter(to);
      return new long[] {goodBefore[end] - goodBefore[first], end - first};
    }
    long good = 0;
    long total = 0;
    for (RequestEvent event : arrived) {
      long time = event.getTimestamp().toEpochMilli();
      long bucket = floor(time, unit);
      if (bucket > exclusiveFrom && bucket <= inclusiveTo && time < before && !covered(event)[0]) {
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

  /** The index of the first indexed event at or after {@code time}. */
  private int firstAtOrAfter(long time) {
    int low = 0;
    int high = arrived.size();
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (times[middle] < time) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  private static long floor(long time, long unit) {
    return Math.floorDiv(time, unit) * unit;
  }
}
