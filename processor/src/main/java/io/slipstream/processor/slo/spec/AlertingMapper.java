package io.slipstream.processor.slo.spec;

import io.slipstream.contracts.DurationText;
import io.slipstream.processor.slo.spec.SloDefinition.Alerting;
import io.slipstream.processor.slo.spec.SloDefinition.BurnRateRule;
import io.slipstream.processor.slo.spec.SloDefinition.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Maps an SLO's alerting: its {@code alertPolicies} (by name, {@code alertPolicyRef} or inline),
 * their AlertConditions (by {@code conditionRef} or inline) as burn-rate rules, or the scaled
 * Workbook defaults when it names none; and the guards from {@code spec.alerting} or the {@code
 * slipstream.io/} annotations.
 */
final class AlertingMapper {
  static final String MIN_EVENTS_ANNOTATION = "slipstream.io/min-events";
  static final String NO_DATA_AFTER_ANNOTATION = "slipstream.io/no-data-after";
  static final String RESOLVE_HOLD_DOWN_ANNOTATION = "slipstream.io/resolve-hold-down";
  static final String PAGE_SUPPRESSES_TICKET_ANNOTATION = "slipstream.io/page-suppresses-ticket";
  static final String RUNBOOK_ANNOTATION = "slipstream.io/runbook-url";
  static final List<String> SLIPSTREAM_ANNOTATIONS =
      List.of(
          MIN_EVENTS_ANNOTATION,
          NO_DATA_AFTER_ANNOTATION,
          RESOLVE_HOLD_DOWN_ANNOTATION,
          PAGE_SUPPRESSES_TICKET_ANNOTATION,
          RUNBOOK_ANNOTATION,
          GroupingMapper.GROUP_BY_ANNOTATION);
  private static final List<String> ALERTING_FIELDS =
      List.of("minEvents", "noDataAfter", "resolveHoldDown", "pageSuppressesTicket");
  private static final List<String> INLINE_FIELDS =
      List.of("apiVersion", "kind", "metadata", "spec");
  private static final List<String> POLICY_FIELDS =
      List.of(
          "description",
          "alertWhenNoData",
          "alertWhenResolved",
          "alertWhenBreaching",
          "conditions",
          "notificationTargets");
  private static final List<String> CONDITION_SPEC_FIELDS =
      List.of("description", "severity", "condition");
  private static final List<String> CONDITION_FIELDS =
      List.of("kind", "op", "threshold", "lookbackWindow", "alertAfter");

  /**
   * The Workbook's short windows are a twelfth of their long ones (1h/5m, 6h/30m, 1d/2h, 3d/6h); a
   * condition without {@code alertAfter} gets the same ratio.
   */
  private static final int DEFAULT_LONG_TO_SHORT = 12;

  private final OpenSloDocuments documents;
  private final Problems problems;

  AlertingMapper(OpenSloDocuments documents, Problems problems) {
    this.documents = documents;
    this.problems = problems;
  }

  /**
   * @param sloSpec the SLO's {@code spec}
   * @param annotations the SLO's {@code metadata.annotations} (may be absent)
   * @param period the SLO period's nominal length, or null when the time window is invalid
   * @param sliceSize the time slice for Timeslices, null for Occurrences or when invalid
   * @return the alerting, or null when an error was recorded
   */
  Alerting map(SpecNode sloSpec, SpecNode annotations, Duration period, Duration sliceSize) {
    int before = problems.errors().size();
    SpecNode policies = sloSpec.get("alertPolicies");
    List<BurnRateRule> rules;
    if (!policies.isPresent()) {
      rules = period == null ? List.of() : defaults(period, sliceSize, sloSpec);
    } else {
      rules = fromPolicies(policies, period, sliceSize);
    }
    Alerting alerting = problems.attempt(() -> guards(sloSpec, annotations, rules));
    return problems.errors().size() == before ? alerting : null;
  }

  private List<BurnRateRule> defaults(Duration period, Duration sliceSize, SpecNode sloSpec) {
    List<BurnRateRule> rules = DefaultAlertRules.forPeriod(period);
    if (sliceSize != null) {
      for (BurnRateRule rule : rules) {
        for (Duration window : List.of(rule.shortWindow(), rule.longWindow())) {
          if (window.toMillis() % sliceSize.toMillis() != 0) {
            SpecNode slice = sloSpec.get("objectives").at(0).get("timeSliceWindow");
            problems.add(
                slice.error(
                    "the default alert windows (5m, 30m, 1h, 2h, 6h, 1d, 3d) must be whole"
                        + " multiples of the time slice, and "
                        + format(window)
                        + " is not; choose a slice that divides 5m, or give alertPolicies"));
            return List.of();
          }
        }
      }
    }
    return rules;
  }

  private List<BurnRateRule> fromPolicies(SpecNode policies, Duration period, Duration sliceSize) {
    List<SpecNode> entries = problems.attempt(policies::elements);
    if (entries == null) {
      return List.of();
    }
    List<BurnRateRule> rules = new ArrayList<>();
    for (SpecNode entry : entries) {
      SpecNode policy = problems.attempt(() -> resolvePolicy(entry));
      if (policy == null) {
        continue;
      }
      List<SpecNode> conditions = problems.attempt(() -> conditionsOf(policy));
      if (conditions == null) {
        continue;
      }
      for (SpecNode condition : conditions) {
        BurnRateRule rule = problems.attempt(() -> rule(condition, period, sliceSize));
        if (rule != null) {
          rules.add(rule);
        }
      }
    }
    return rules;
  }

  /** The AlertPolicy document (or inline object) an {@code alertPolicies} entry stands for. */
  private SpecNode resolvePolicy(SpecNode entry) {
    if (entry.isScalar()) {
      return referenced(entry, OpenSloDocuments.ALERT_POLICY);
    }
    entry.requireObject();
    if (entry.has("alertPolicyRef")) {
      entry.allowOnly(List.of("alertPolicyRef"));
      return referenced(entry.get("alertPolicyRef"), OpenSloDocuments.ALERT_POLICY);
    }
    return inline(entry, OpenSloDocuments.ALERT_POLICY);
  }

  private List<SpecNode> conditionsOf(SpecNode policy) {
    SpecNode spec = policy.get("spec").requireObject().allowOnly(POLICY_FIELDS);
    SpecNode conditions = spec.get("conditions");
    List<SpecNode> entries = conditions.elements();
    if (entries.isEmpty()) {
      throw conditions.error("must hold at least one condition");
    }
    List<SpecNode> resolved = new ArrayList<>(entries.size());
    for (SpecNode entry : entries) {
      SpecNode condition = problems.attempt(() -> resolveCondition(entry));
      if (condition != null) {
        resolved.add(condition);
      }
    }
    return resolved;
  }

  private SpecNode resolveCondition(SpecNode entry) {
    entry.requireObject();
    if (entry.has("conditionRef")) {
      entry.allowOnly(List.of("conditionRef"));
      return referenced(entry.get("conditionRef"), OpenSloDocuments.ALERT_CONDITION);
    }
    return inline(entry, OpenSloDocuments.ALERT_CONDITION);
  }

  private SpecNode referenced(SpecNode ref, String kind) {
    String name = ref.text();
    return documents
        .find(kind, name)
        .map(OpenSloDocuments.Document::root)
        .orElseThrow(() -> ref.error("no " + kind + " named '" + name + "'"));
  }

  /** An object written in place of a reference: kind (if given) must match, spec must be there. */
  private static SpecNode inline(SpecNode entry, String kind) {
    entry.allowOnly(INLINE_FIELDS);
    SpecNode kindNode = entry.get("kind");
    if (kindNode.isPresent() && !kindNode.text().equals(kind)) {
      throw kindNode.error("must be " + kind + " here, was " + kindNode.describe());
    }
    SpecNode apiVersion = entry.get("apiVersion");
    if (apiVersion.isPresent() && !apiVersion.text().equals(OpenSloDocuments.API_VERSION)) {
      throw apiVersion.error(
          apiVersion.describe()
              + " is not supported; Slipstream reads "
              + OpenSloDocuments.API_VERSION);
    }
    SpecNode metadata = entry.get("metadata");
    if (metadata.isPresent()) {
      metadata.requireObject().allowOnly(OpenSloDocuments.METADATA_FIELDS);
      OpenSloDocuments.checkName(metadata.get("name"));
    }
    if (!entry.has("spec")) {
      throw entry
          .get("spec")
          .error("is required for an inline " + kind + " (or refer to one by name)");
    }
    return entry;
  }

  private static BurnRateRule rule(SpecNode condition, Duration period, Duration sliceSize) {
    SpecNode spec = condition.get("spec").requireObject().allowOnly(CONDITION_SPEC_FIELDS);
    Severity severity = severity(spec.get("severity"));
    SpecNode burn = spec.get("condition").requireObject().allowOnly(CONDITION_FIELDS);
    SpecNode kind = burn.get("kind");
    if (kind.isPresent() && !kind.text().equalsIgnoreCase("burnrate")) {
      throw kind.error("only kind burnrate is supported, was " + kind.describe());
    }
    SpecNode op = burn.get("op");
    if (op.isPresent() && !op.text().equals("gte") && !op.text().equals("gt")) {
      throw op.error(
          "must be gte or gt: a burn-rate alert fires when the burn rate is high, was "
              + op.describe());
    }
    SpecNode thresholdNode = burn.get("threshold");
    double threshold = thresholdNode.number();
    if (!(threshold > 0)) {
      throw thresholdNode.error(
          "is a burn rate and must be positive, was " + thresholdNode.describe());
    }
    SpecNode lookback = burn.get("lookbackWindow");
    Duration longWindow = SpecDurations.parse(lookback);
    SpecNode alertAfter = burn.get("alertAfter");
    Duration shortWindow =
        alertAfter.isPresent()
            ? SpecDurations.parse(alertAfter)
            : longWindow.dividedBy(DEFAULT_LONG_TO_SHORT);
    if (shortWindow.isZero()) {
      throw lookback.error("is too short to derive a short window from; give alertAfter");
    }
    if (shortWindow.compareTo(longWindow) >= 0) {
      throw alertAfter.error(
          "is the short window of the pair and must be shorter than lookbackWindow ("
              + format(longWindow)
              + "), was "
              + format(shortWindow));
    }
    if (period != null && longWindow.compareTo(period) > 0) {
      throw lookback.error(
          "is longer than the SLO's period (" + format(period) + "), was " + format(longWindow));
    }
    if (sliceSize != null) {
      requireWholeSlices(lookback, longWindow, sliceSize);
      requireWholeSlices(alertAfter, shortWindow, sliceSize);
    }
    return new BurnRateRule(
        severity, longWindow, shortWindow, threshold, op.isPresent() && op.text().equals("gte"));
  }

  private static void requireWholeSlices(SpecNode at, Duration window, Duration sliceSize) {
    if (window.toMillis() % sliceSize.toMillis() != 0) {
      throw at.error(
          "must be a whole number of time slices ("
              + format(sliceSize)
              + "), was "
              + format(window));
    }
  }

  private static Severity severity(SpecNode node) {
    return switch (node.text().toLowerCase(Locale.ROOT)) {
      case "page" -> Severity.PAGE;
      case "ticket" -> Severity.TICKET;
      default -> throw node.error("must be page or ticket, was " + node.describe());
    };
  }

  private Alerting guards(SpecNode sloSpec, SpecNode annotations, List<BurnRateRule> rules) {
    SpecNode block = sloSpec.get("alerting");
    if (block.isPresent()) {
      block.requireObject().allowOnly(ALERTING_FIELDS);
    }
    SpecNode minEvents = pick(block.get("minEvents"), annotations.get(MIN_EVENTS_ANNOTATION));
    SpecNode noData = pick(block.get("noDataAfter"), annotations.get(NO_DATA_AFTER_ANNOTATION));
    SpecNode holdDown =
        pick(block.get("resolveHoldDown"), annotations.get(RESOLVE_HOLD_DOWN_ANNOTATION));
    SpecNode suppresses =
        pick(block.get("pageSuppressesTicket"), annotations.get(PAGE_SUPPRESSES_TICKET_ANNOTATION));
    return new Alerting(
        rules,
        minEvents.isPresent()
            ? minEvents(minEvents)
            : DefaultAlertRules.DEFAULT_MIN_EVENTS_IN_LONG_WINDOW,
        noData.isPresent() ? noDataAfter(noData) : DefaultAlertRules.DEFAULT_NO_DATA_AFTER,
        holdDown.isPresent() ? holdDown(holdDown) : DefaultAlertRules.DEFAULT_RESOLVE_HOLD_DOWN,
        !suppresses.isPresent() || flag(suppresses));
  }

  private static boolean flag(SpecNode node) {
    return switch (node.text()) {
      case "true" -> true;
      case "false" -> false;
      default -> throw node.error("must be true or false, was " + node.describe());
    };
  }

  /** {@code spec.alerting} wins over the annotation. */
  private static SpecNode pick(SpecNode fromBlock, SpecNode fromAnnotation) {
    return fromBlock.isPresent() ? fromBlock : fromAnnotation;
  }

  private static long minEvents(SpecNode node) {
    String text = node.text();
    try {
      long value = Long.parseLong(text);
      if (value >= 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw node.error("must be a whole number of events (0 or more), was " + node.describe());
  }

  private static Duration noDataAfter(SpecNode node) {
    return node.text().equals("none") ? null : SpecDurations.parse(node);
  }

  private static Duration holdDown(SpecNode node) {
    String text = node.text();
    return text.equals("none") || text.equals("0") ? Duration.ZERO : SpecDurations.parse(node);
  }

  private static String format(Duration duration) {
    return DurationText.format(duration);
  }
}
