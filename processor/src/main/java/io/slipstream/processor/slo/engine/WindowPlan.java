package io.slipstream.processor.slo.engine;

import io.slipstream.contracts.DurationText;
import io.slipstream.processor.slo.spec.SloDefinition;
import io.slipstream.processor.slo.spec.SloDefinition.BurnRateRule;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The windows an SLO keeps and its alert thresholds, which depend only on its alert rules and
 * target: immutable and shared by every SLO (and every instance of a grouped SLO) with the same
 * ones, so 100,000 instances hold one copy, not 100,000.
 *
 * @param windowsMs the windows, shortest first: the standard ones and every rule's
 * @param windowNames each window as text ({@code 5m}, {@code 1h}, …)
 * @param windowMinutes each window in minutes, for the minute ring
 * @param thresholds each rule's threshold as an exact fraction, in the order of the rules
 */
record WindowPlan(
    long[] windowsMs,
    String[] windowNames,
    long[] windowMinutes,
    List<BurnRateThreshold> thresholds) {
  private static final long MINUTE_MS = SloRuntime.MINUTE_MS;
  private static final Map<Key, WindowPlan> PLANS = new ConcurrentHashMap<>();

  private record Key(List<BurnRateRule> rules, double target) {}

  /** The plan of {@code definition}, shared with every definition of the same rules and target. */
  static WindowPlan of(SloDefinition definition) {
    return PLANS.computeIfAbsent(
        new Key(definition.alerting().rules(), definition.target()), WindowPlan::build);
  }

  private static WindowPlan build(Key key) {
    TreeSet<Long> windows = new TreeSet<>();
    for (Duration window : SloRuntime.STANDARD_WINDOWS) {
      windows.add(window.toMillis());
    }
    for (BurnRateRule rule : key.rules()) {
      windows.add(SloRuntime.roundUpToMinute(rule.longWindow().toMillis()));
      windows.add(SloRuntime.roundUpToMinute(rule.shortWindow().toMillis()));
    }
    long[] windowsMs = windows.stream().mapToLong(Long::longValue).toArray();
    String[] names = new String[windowsMs.length];
    long[] minutes = new long[windowsMs.length];
    for (int i = 0; i < windowsMs.length; i++) {
      names[i] = DurationText.format(Duration.ofMillis(windowsMs[i]));
      minutes[i] = windowsMs[i] / MINUTE_MS;
    }
    List<BurnRateThreshold> thresholds =
        key.rules().stream()
            .map(rule -> BurnRateThreshold.of(key.target(), rule.burnRate(), rule.inclusive()))
            .toList();
    return new WindowPlan(windowsMs, names, minutes, thresholds);
  }
}
