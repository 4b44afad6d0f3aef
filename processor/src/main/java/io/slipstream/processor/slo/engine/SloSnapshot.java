package io.slipstream.processor.slo.engine;

import io.slipstream.avro.BurnRateEvaluation;
import io.slipstream.avro.WindowBurnRate;
import io.slipstream.contracts.DurationText;
import io.slipstream.processor.slo.arithmetic.BurnRateMath;
import io.slipstream.processor.slo.spec.SloDefinition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything one evaluation of one SLO computed: per-window counts and burn rates, the period's SLI
 * and budget (with corrections applied), what corrections took out or attributed, and the time to
 * exhaustion. Immutable.
 *
 * @param id what the evaluation is of: the SLO's id, or an instance id for an instance of a grouped
 *     SLO (whose {@code definition} is its SLO's, shared by every instance)
 */
record SloSnapshot(
    String id,
    SloDefinition definition,
    SloGroup group,
    long evaluatedAt,
    long[] windowsMs,
    long[] windowGood,
    long[] windowTotal,
    long periodGood,
    long periodTotal,
    long periodMs,
    long periodExcluded,
    long periodPlannedBad,
    List<String> activeCorrections,
    long completeFrom) {

  /**
   * The snapshot at tick {@code now}: each window {@code w} holds exactly the events in {@code [now
   * − w, now)}, its tail read through {@code tailMinutes} (occurrence SLOs; time-slice SLOs count
   * whole slices).
   */
  static SloSnapshot of(SloRuntime runtime, long now, WindowTails.MinuteReader tailMinutes) {
    int n = runtime.windowsMs.length;
    long[] good = new long[n];
    long[] total = new long[n];
    for (int i = 0; i < n; i++) {
      good[i] = runtime.minutes.windowGood(i);
      total[i] = runtime.minutes.windowTotal(i);
    }
    if (!runtime.isTimeslices()) {
      runtime.addTails(now, good, total, tailMinutes);
    }
    return of(runtime, now, good, total);
  }

  /**
   * The snapshot of an instance without events in any window, which need not read the windows'
   * tails.
   */
  static SloSnapshot withoutWindows(SloRuntime runtime, long now) {
    int n = runtime.windowsMs.length;
    return of(runtime, now, new long[n], new long[n]);
  }

  private static SloSnapshot of(SloRuntime runtime, long now, long[] good, long[] total) {
    return new SloSnapshot(
        runtime.id,
        runtime.definition,
        runtime.group,
        now,
        runtime.windowsMs,
        good,
        total,
        runtime.period.good(),
        runtime.period.total(),
        runtime.period.lengthMs(now),
        runtime.excluded == null ? 0 : runtime.excluded.total(),
        runtime.planned == null ? 0 : runtime.planned.total() - runtime.planned.good(),
        runtime.corrections.activeAt(now),
        runtime.completeFrom);
  }

  /**
   * Whether this evaluation's counts differ from those {@code runtime} last published, noting them
   * as published when they do: an instance of a grouped SLO publishes only what changed.
   */
  boolean changedSince(SloRuntime runtime) {
    long fingerprint = CountsFingerprint.of(windowGood, windowTotal);
    fingerprint = CountsFingerprint.mix(fingerprint, periodGood);
    fingerprint = CountsFingerprint.mix(fingerprint, periodTotal);
    fingerprint = CountsFingerprint.mix(fingerprint, periodExcluded);
    fingerprint = CountsFingerprint.mix(fingerprint, periodPlannedBad);
    if (runtime.publishedOnce && fingerprint == runtime.published) {
      return false;
    }
    runtime.published = fingerprint;
    runtime.publishedOnce = true;
    return true;
  }

  /** The SLO's id: a grouped SLO's for its instances. */
  String sloId() {
    return group == null ? definition.id() : group.sloId();
  }

  int index(Duration window) {
    long ms = SloRuntime.roundUpToMinute(window.toMillis());
    for (int i = 0; i < windowsMs.length; i++) {
      if (windowsMs[i] == ms) {
        return i;
      }
    }
    throw new IllegalArgumentException("no window " + window);
  }

  Double burnRate(Duration window) {
    int i = index(window);
    return BurnRateMath.burnRate(windowGood[i], windowTotal[i], definition.target());
  }

  long total(Duration window) {
    return windowTotal[index(window)];
  }

  long bad(Duration window) {
    int i = index(window);
    return windowTotal[i] - windowGood[i];
  }

  double budgetRemaining() {
    return BurnRateMath.budgetRemaining(periodGood, periodTotal, definition.target());
  }

  Long timeToExhaustion(Duration window) {
    return BurnRateMath.timeToExhaustionMs(budgetRemaining(), burnRate(window), periodMs);
  }

  /** The sooner of the exhaustion times at the 1h and 6h burn rates, or null when neither burns. */
  Long soonestExhaustion() {
    Long oneHour = timeToExhaustion(Duration.ofHours(1));
    Long sixHours = timeToExhaustion(Duration.ofHours(6));
    if (oneHour == null) {
      return sixHours;
    }
    return sixHours == null ? oneHour : Math.min(oneHour, sixHours);
  }

  BurnRateEvaluation toRecord() {
    List<WindowBurnRate> windows = new ArrayList<>(windowsMs.length);
    for (int i = 0; i < windowsMs.length; i++) {
      windows.add(
          new WindowBurnRate(
              DurationText.format(Duration.ofMillis(windowsMs[i])),
              windowsMs[i],
              windowGood[i],
              windowTotal[i],
              BurnRateMath.burnRate(windowGood[i], windowTotal[i], definition.target())));
    }
    return BurnRateEvaluation.newBuilder()
        .setSloId(sloId())
        .setGroupKey(group == null ? "" : group.key())
        .setGroup(group == null ? java.util.Map.of() : group.asMap())
        .setSloName(definition.displayName())
        .setService(definition.service())
        .setEvaluatedAt(Instant.ofEpochMilli(evaluatedAt))
        .setTarget(definition.target())
        .setPeriod(periodText(definition.window()))
        .setPeriodGoodEvents(periodGood)
        .setPeriodTotalEvents(periodTotal)
        .setSli(BurnRateMath.sli(periodGood, periodTotal))
        .setErrorBudgetRemaining(budgetRemaining())
        .setWindows(windows)
        .setTimeToExhaustion1hMillis(timeToExhaustion(Duration.ofHours(1)))
        .setTimeToExhaustion6hMillis(timeToExhaustion(Duration.ofHours(6)))
        .setPeriodExcludedEvents(periodExcluded)
        .setPeriodPlannedBadEvents(periodPlannedBad)
        .setActiveCorrections(activeCorrections)
        .setCompleteFrom(completeFrom == Long.MIN_VALUE ? null : Instant.ofEpochMilli(completeFrom))
        .build();
  }

  static String periodText(SloDefinition.TimeWindow window) {
    if (window instanceof SloDefinition.TimeWindow.Calendar calendar) {
      return (calendar.unit() == SloDefinition.CalendarUnit.WEEK ? "1w" : "1M")
          + " "
          + calendar.zone();
    }
    return DurationText.format(((SloDefinition.TimeWindow.Rolling) window).length());
  }
}
