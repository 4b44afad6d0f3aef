package io.slipstream.processor.slo.engine;

import io.slipstream.avro.RequestEvent;
import io.slipstream.processor.slo.spec.Indicator;
import io.slipstream.processor.slo.spec.Indicator.GoodCriterion;

/** Decides, for one SLO, whether a request event counts and whether it is good. Pure. */
final class IndicatorEvaluator {
  private IndicatorEvaluator() {}

  static boolean counts(Indicator indicator, RequestEvent event) {
    return indicator.kind() == Indicator.Kind.REQUESTS && indicator.total().matches(event);
  }

  /**
   * @param isError the processor's error classification of the event
   */
  static boolean isGood(Indicator indicator, RequestEvent event, boolean isError) {
    GoodCriterion criterion = indicator.good();
    if (criterion instanceof GoodCriterion.Matches matches) {
      return matches.selector().matches(event);
    }
    if (criterion instanceof GoodCriterion.DoesNotMatch doesNotMatch) {
      return !doesNotMatch.selector().matches(event);
    }
    if (criterion instanceof GoodCriterion.LatencyAtMost latency) {
      return event.getLatencyMicros() <= latency.thresholdMicros()
          && latency.also().map(selector -> selector.matches(event)).orElse(true);
    }
    return !isError; // GoodCriterion.NotAnError
  }
}
