package io.slipstream.bench;

import io.slipstream.processor.slo.arithmetic.BurnRateMath;
import io.slipstream.processor.slo.spec.SloDefinition;
import io.slipstream.processor.slo.spec.SloDefinition.BurnRateRule;
import java.util.HashMap;
import java.util.Map;

/**
 * What was produced for one SLO, per minute of event time, and when its page condition became true:
 * the engine's arithmetic (minute-aligned windows, burn rate = error ratio / budget, both windows
 * of a page rule above its rate, enough events in the long window) applied to the events as
 * produced, independently of the processor. Not thread-safe.
 */
final class IncidentLedger {
  private static final long MINUTE_MS = 60_000;

  private final SloDefinition definition;
  private final Map<Long, long[]> minutes = new HashMap<>();

  IncidentLedger(SloDefinition definition) {
    this.definition = definition;
  }

  /** Records one produced event: good or bad, at {@code eventTime}. */
  void record(long eventTime, boolean bad) {
    long[] counts = minutes.computeIfAbsent(Math.floorDiv(eventTime, MINUTE_MS), m -> new long[2]);
    counts[0] += bad ? 0 : 1;
    counts[1]++;
  }

  /**
   * Whether some page rule holds for the events recorded so far, evaluated at event time {@code
   * now}: window {@code w} covers the minutes starting in (minute(now) − w, minute(now)].
   */
  boolean pageHolds(long now) {
    for (BurnRateRule rule : definition.alerting().rules()) {
      if (rule.severity() != SloDefinition.Severity.PAGE) {
        continue;
      }
      long[] longWindow = window(now, rule.longWindow().toMillis());
      if (longWindow[1] < Math.max(1, definition.alerting().minEventsInLongWindow())) {
        continue;
      }
      long[] shortWindow = window(now, rule.shortWindow().toMillis());
      Double longRate = BurnRateMath.burnRate(longWindow[0], longWindow[1], definition.target());
      Double shortRate = BurnRateMath.burnRate(shortWindow[0], shortWindow[1], definition.target());
      if (longRate != null
          && shortRate != null
          && longRate > rule.burnRate()
          && shortRate > rule.burnRate()) {
        return true;
      }
    }
    return false;
  }

  /** Good and total over the window ending at {@code now}; windows round up to whole minutes. */
  private long[] window(long now, long windowMs) {
    long buckets = Math.max(1, (windowMs + MINUTE_MS - 1) / MINUTE_MS);
    long last = Math.floorDiv(now, MINUTE_MS);
    long[] sum = new long[2];
    for (long minute = last - buckets + 1; minute <= last; minute++) {
      long[] counts = minutes.get(minute);
      if (counts != null) {
        sum[0] += counts[0];
        sum[1] += counts[1];
      }
    }
    return sum;
  }
}
