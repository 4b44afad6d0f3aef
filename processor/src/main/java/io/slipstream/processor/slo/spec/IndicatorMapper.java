package io.slipstream.processor.slo.spec;

import io.slipstream.processor.slo.spec.Indicator.GoodCriterion;
import io.slipstream.processor.slo.spec.SloDefinition.SliceCondition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Maps the {@code spec} of an SLI ({@code ratioMetric} or {@code thresholdMetric}), together with
 * the SLO's budgeting method and objective, to an {@link Indicator} and, for Timeslices, the
 * condition that makes a slice good.
 */
final class IndicatorMapper {
  static final List<String> SLI_FIELDS = List.of("description", "ratioMetric", "thresholdMetric");
  private static final List<String> RATIO_FIELDS =
      List.of("counter", "good", "bad", "total", "raw", "rawType");
  private static final String SLIPSTREAM = "slipstream";
  private static final String ERRORS = "errors";
  private static final String SIGNAL = "signal";
  private static final String SATURATION = "saturation";
  private static final String LATENCY = "latency";
  private static final Map<String, Double> QUANTILE_SIGNALS =
      Map.of(
          "latency_p50", 0.5,
          "latency_p90", 0.9,
          "latency_p95", 0.95,
          "latency_p99", 0.99,
          "latency_p999", 0.999);
  private static final String SIGNALS =
      "latency, latency_p50, latency_p90, latency_p95, latency_p99, latency_p999 or saturation";

  /** The indicator, and for Timeslices the slice condition (null for Occurrences). */
  record Mapped(Indicator indicator, SliceCondition sliceCondition) {}

  private final OpenSloDocuments documents;

  IndicatorMapper(OpenSloDocuments documents) {
    this.documents = documents;
  }

  /**
   * @param sliSpec the SLI's {@code spec} (of an SLI document or of an inline indicator)
   * @param timeslices whether the SLO budgets by Timeslices
   * @param objective the SLO's single objective, for {@code op}, {@code value} and {@code
   *     timeSliceTarget}
   */
  Mapped map(SpecNode sliSpec, boolean timeslices, SpecNode objective) {
    sliSpec.requireObject().allowOnly(SLI_FIELDS);
    SpecNode ratio = sliSpec.get("ratioMetric");
    SpecNode threshold = sliSpec.get("thresholdMetric");
    if (ratio.isPresent() && threshold.isPresent()) {
      throw threshold.error("give either ratioMetric or thresholdMetric, not both");
    }
    if (ratio.isPresent()) {
      return ratio(ratio, timeslices, objective);
    }
    if (threshold.isPresent()) {
      return threshold(threshold, timeslices, objective);
    }
    throw sliSpec.get("ratioMetric").error("is required (or thresholdMetric)");
  }

  private Mapped ratio(SpecNode ratio, boolean timeslices, SpecNode objective) {
    ratio.requireObject().allowOnly(RATIO_FIELDS);
    for (String raw : List.of("raw", "rawType")) {
      if (ratio.has(raw)) {
        throw ratio
            .get(raw)
            .error(
                "precomputed (raw) ratios are not supported: Slipstream computes the ratio from"
                    + " request events; use good or bad with total");
      }
    }
    SpecNode counter = ratio.get("counter");
    if (counter.isPresent() && !counter.bool()) {
      throw counter.error(
          "counter: false (a gauge) is not supported: Slipstream counts request events;"
              + " write counter: true or leave it out");
    }
    for (String field : List.of("op", "value")) {
      if (objective.has(field)) {
        throw objective.get(field).error("applies only to a thresholdMetric; leave it out");
      }
    }
    SpecNode good = ratio.get("good");
    SpecNode bad = ratio.get("bad");
    if (good.isPresent() && bad.isPresent()) {
      throw bad.error("give either good or bad, not both");
    }
    if (!good.isPresent() && !bad.isPresent()) {
      throw good.error("is required (or bad)");
    }
    SpecNode totalSpec = sourceSpec(ratio.get("total").required());
    EventSelector total = SelectorMapper.read(selectorFields(totalSpec, false));
    GoodCriterion criterion = good.isPresent() ? goodCriterion(good) : badCriterion(bad);
    SliceCondition slice = null;
    if (timeslices) {
      slice = new SliceCondition.RatioAtLeast(timeSliceTarget(objective));
    }
    return new Mapped(new Indicator(total, criterion, Indicator.Kind.REQUESTS), slice);
  }

  private GoodCriterion goodCriterion(SpecNode good) {
    SpecNode spec = selectorFields(sourceSpec(good), false);
    EventSelector selector = SelectorMapper.read(spec);
    if (selector.isAny()) {
      throw spec.error(
          "selects every event, so every event would be good; give operation, outcome,"
              + " statusClass, statusCode or region");
    }
    return new GoodCriterion.Matches(selector);
  }

  private GoodCriterion badCriterion(SpecNode bad) {
    SpecNode spec = selectorFields(sourceSpec(bad), true);
    SpecNode errors = spec.get(ERRORS);
    if (errors.isPresent()) {
      if (!errors.bool()) {
        throw errors.error(
            "errors: false selects nothing; write errors: true for the processor's error"
                + " classification, or a selector");
      }
      if (spec.fields().size() > 1) {
        throw spec.error(
            "errors: true stands alone (the processor's error classification); narrow total"
                + " instead of combining it with other fields");
      }
      return new GoodCriterion.NotAnError();
    }
    EventSelector selector = SelectorMapper.read(spec);
    if (selector.isAny()) {
      throw spec.error(
          "selects every event, so every event would be bad; give errors: true, or operation,"
              + " outcome, statusClass, statusCode or region");
    }
    return new GoodCriterion.DoesNotMatch(selector);
  }

  private Mapped threshold(SpecNode threshold, boolean timeslices, SpecNode objective) {
    threshold.requireObject().allowOnly(List.of("metricSource"));
    SpecNode spec = sourceSpec(threshold);
    SpecNode signalNode = spec.get(SIGNAL);
    if (!signalNode.isPresent()) {
      throw signalNode.error("is required: " + SIGNALS);
    }
    String signal = signalNode.text().toLowerCase(Locale.ROOT);
    if (signal.equals(SATURATION)) {
      return saturation(spec, signalNode, timeslices, objective);
    }
    Double quantile = QUANTILE_SIGNALS.get(signal);
    if (!signal.equals(LATENCY) && quantile == null) {
      throw signalNode.error(signalNode.describe() + " is not a signal; expected " + SIGNALS);
    }
    List<String> allowed = new ArrayList<>(SelectorMapper.SELECTOR_FIELDS);
    allowed.add(SIGNAL);
    EventSelector total = SelectorMapper.read(spec.allowOnly(allowed));
    long thresholdMicros = latencyMicros(objective);
    GoodCriterion fast = new GoodCriterion.LatencyAtMost(thresholdMicros);
    Indicator indicator = new Indicator(total, fast, Indicator.Kind.REQUESTS);
    if (quantile == null) {
      SliceCondition slice =
          timeslices ? new SliceCondition.RatioAtLeast(timeSliceTarget(objective)) : null;
      return new Mapped(indicator, slice);
    }
    if (!timeslices) {
      throw signalNode.error(
          "'"
              + signal
              + "' is a quantile per time slice and needs budgetingMethod Timeslices; with"
              + " Occurrences use signal: latency (the share of requests under the threshold)");
    }
    rejectSliceTarget(objective, "its " + signal.substring(LATENCY.length() + 1));
    return new Mapped(
        indicator, new SliceCondition.LatencyQuantileAtMost(quantile, thresholdMicros));
  }

  private Mapped saturation(
      SpecNode spec, SpecNode signalNode, boolean timeslices, SpecNode objective) {
    if (!timeslices) {
      throw signalNode.error(
          "saturation is sampled, not counted per request: it needs budgetingMethod Timeslices");
    }
    for (String field : spec.fields().keySet()) {
      if (!field.equals(SIGNAL)) {
        throw spec.get(field)
            .error(
                "does not apply to signal saturation: saturation is per service (its most"
                    + " saturated instance); leave it out");
      }
    }
    requireLte(objective);
    SpecNode valueNode = objective.get("value");
    double value = valueNode.number();
    if (!(value >= 0 && value <= 1)) {
      throw valueNode.error("is a saturation and must be in [0, 1], was " + valueNode.describe());
    }
    rejectSliceTarget(objective, "its saturation");
    Indicator indicator =
        new Indicator(
            EventSelector.any(),
            new GoodCriterion.Matches(EventSelector.any()),
            Indicator.Kind.SATURATION);
    return new Mapped(indicator, new SliceCondition.SaturationAtMost(value));
  }

  /** The objective's {@code value}, in milliseconds, as whole microseconds. */
  private static long latencyMicros(SpecNode objective) {
    requireLte(objective);
    SpecNode valueNode = objective.get("value");
    double millis = valueNode.number();
    long micros = Math.round(millis * 1000);
    if (!(millis > 0) || micros < 1) {
      throw valueNode.error(
          "is a latency in milliseconds and must be at least 0.001, was " + valueNode.describe());
    }
    return micros;
  }

  private static void requireLte(SpecNode objective) {
    SpecNode op = objective.get("op");
    if (!op.isPresent()) {
      throw op.error("is required with a thresholdMetric: lte (the threshold is an upper bound)");
    }
    if (!op.text().equals("lte")) {
      throw op.error(
          "must be lte: Slipstream thresholds are upper bounds (value ≤ threshold), was "
              + op.describe());
    }
  }

  private static double timeSliceTarget(SpecNode objective) {
    SpecNode node = objective.get("timeSliceTarget");
    if (!node.isPresent()) {
      throw node.error(
          "is required with budgetingMethod Timeslices: the share of good events a slice needs"
              + " to be good, in (0, 1]");
    }
    double target = node.number();
    if (!(target > 0 && target <= 1)) {
      throw node.error("must be in (0, 1], was " + node.describe());
    }
    return target;
  }

  private static void rejectSliceTarget(SpecNode objective, String what) {
    SpecNode node = objective.get("timeSliceTarget");
    if (node.isPresent() && node.number() != 1) {
      throw node.error(
          "does not apply here: a slice is good when "
              + what
              + " is at most value; leave timeSliceTarget out (or write 1)");
    }
  }

  /** Checks the fields of a selector spec ({@code errors} only where allowed). */
  private static SpecNode selectorFields(SpecNode spec, boolean errorsAllowed) {
    List<String> allowed = new ArrayList<>(SelectorMapper.SELECTOR_FIELDS);
    if (errorsAllowed) {
      allowed.add(ERRORS);
    } else if (spec.has(ERRORS)) {
      throw spec.get(ERRORS)
          .error(
              "errors: true is a shortcut for bad only: bad: {metricSource: {type: slipstream,"
                  + " spec: {errors: true}}}");
    }
    return spec.allowOnly(allowed);
  }

  /**
   * The {@code spec} of {@code holder.metricSource}, after checking its type is slipstream (given
   * directly, or through {@code metricSourceRef} to a DataSource).
   */
  private SpecNode sourceSpec(SpecNode holder) {
    holder.requireObject().allowOnly(List.of("metricSource"));
    SpecNode source =
        holder
            .get("metricSource")
            .requireObject()
            .allowOnly(List.of("metricSourceRef", "type", "spec"));
    SpecNode type = source.get("type");
    SpecNode ref = source.get("metricSourceRef");
    if (type.isPresent()) {
      requireSlipstream(type, type.text());
    } else if (ref.isPresent()) {
      String name = ref.text();
      OpenSloDocuments.Document dataSource =
          documents
              .find(OpenSloDocuments.DATA_SOURCE, name)
              .orElseThrow(() -> ref.error("no DataSource named '" + name + "'"));
      SpecNode dataSourceType = dataSource.root().get("spec").get("type");
      if (!dataSourceType.isScalar()) {
        throw ref.error(
            "DataSource '"
                + name
                + "' has no spec.type; only metricSource type slipstream is"
                + " supported");
      }
      requireSlipstream(ref, dataSourceType.text());
    } else {
      throw type.error("is required: slipstream (or a metricSourceRef to such a DataSource)");
    }
    return source.get("spec").requireObject();
  }

  private static void requireSlipstream(SpecNode at, String type) {
    if (!type.equalsIgnoreCase(SLIPSTREAM)) {
      throw at.error(
          "only metricSource type slipstream is supported, was '"
              + type
              + "': Slipstream computes SLIs from its own request events, not from other"
              + " metric sources");
    }
  }
}
