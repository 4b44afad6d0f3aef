package io.slipstream.processor.slo.spec;

import io.slipstream.processor.slo.spec.SloDefinition.Alerting;
import io.slipstream.processor.slo.spec.SloDefinition.Budgeting;
import io.slipstream.processor.slo.spec.SloDefinition.TimeWindow;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Maps one {@code kind: SLO} document, with the documents it refers to, to a {@link SloDefinition}.
 * Sections that do not depend on each other are checked independently, so one run reports every
 * independent error of the SLO, not just the first.
 */
final class SloMapper {
  private static final List<String> SPEC_FIELDS =
      List.of(
          "description",
          "service",
          "indicator",
          "indicatorRef",
          "timeWindow",
          "budgetingMethod",
          "objectives",
          "alertPolicies",
          "alerting",
          "grouping");
  private static final List<String> OBJECTIVE_FIELDS =
      List.of(
          "displayName",
          "op",
          "value",
          "target",
          "targetPercent",
          "timeSliceTarget",
          "timeSliceWindow");
  private static final List<String> INLINE_SLI_FIELDS =
      List.of("apiVersion", "kind", "metadata", "spec");
  private static final String LEGACY_RUNBOOK_ANNOTATION = "runbook_url";
  private static final Duration DAY = Duration.ofDays(1);

  private final OpenSloDocuments documents;

  SloMapper(OpenSloDocuments documents) {
    this.documents = documents;
  }

  /** The definition, or empty after adding its errors to {@code errors}. */
  Optional<SloDefinition> map(OpenSloDocuments.Document slo, List<SloDefinitionError> errors) {
    Problems problems = new Problems(slo.name());
    SpecNode root = slo.root();
    SpecNode metadata = root.get("metadata");
    SpecNode spec = root.get("spec");
    SpecNode annotationsNode = metadata.get("annotations");

    String displayName =
        problems.attempt(() -> metadata.get("displayName").optionalText().orElse(slo.name()));
    Map<String, String> labels = problems.attempt(() -> labels(metadata.get("labels")));
    Map<String, String> annotations = problems.attempt(() -> annotations(annotationsNode));
    problems.attempt(() -> spec.allowOnly(SPEC_FIELDS));
    String service = problems.attempt(() -> spec.get("service").text());
    String description = problems.attempt(() -> spec.get("description").optionalText().orElse(""));
    Boolean timeslices = problems.attempt(() -> timeslices(spec.get("budgetingMethod")));
    TimeWindow window = problems.attempt(() -> TimeWindowMapper.map(spec.get("timeWindow")));
    SpecNode objective = problems.attempt(() -> objective(spec.get("objectives")));
    Double target = objective == null ? null : problems.attempt(() -> target(objective));
    Duration sliceSize =
        objective == null || timeslices == null
            ? null
            : problems.attempt(() -> sliceSize(objective, timeslices, window));
    IndicatorMapper.Mapped indicator =
        objective == null || timeslices == null
            ? null
            : problems.attempt(
                () ->
                    new IndicatorMapper(documents).map(indicatorSpec(spec), timeslices, objective));
    Alerting alerting =
        new AlertingMapper(documents, problems)
            .map(
                spec,
                annotationsNode,
                window == null ? null : window.nominalLength(),
                Boolean.TRUE.equals(timeslices) ? sliceSize : null);

    Grouping grouping =
        indicator == null
            ? null
            : problems.attempt(
                () ->
                    GroupingMapper.map(
                        spec,
                        annotationsNode,
                        window == null ? null : window.nominalLength(),
                        indicator.indicator().kind() == Indicator.Kind.SATURATION));

    // Every section that failed recorded an error; without errors, every value is there.
    if (!problems.isEmpty()) {
      errors.addAll(problems.errors());
      return Optional.empty();
    }
    Budgeting budgeting =
        timeslices
            ? new Budgeting.Timeslices(sliceSize, indicator.sliceCondition())
            : new Budgeting.Occurrences();
    String runbook =
        annotations.getOrDefault(
            AlertingMapper.RUNBOOK_ANNOTATION,
            annotations.getOrDefault(LEGACY_RUNBOOK_ANNOTATION, ""));
    try {
      return Optional.of(
          new SloDefinition(
              slo.name(),
              displayName,
              service,
              description,
              indicator.indicator(),
              target,
              window,
              budgeting,
              alerting,
              labels,
              annotations,
              runbook,
              grouping));
    } catch (IllegalArgumentException | NullPointerException e) {
      // The mappers check everything the model checks; this is a safety net, not a path.
      errors.add(root.error("invalid SLO: " + e.getMessage()).toError(slo.name()));
      return Optional.empty();
    }
  }

  private static Map<String, String> labels(SpecNode labels) {
    Map<String, String> result = new LinkedHashMap<>();
    if (!labels.isPresent()) {
      return result;
    }
    for (Map.Entry<String, SpecNode> label : labels.fields().entrySet()) {
      SpecNode value = label.getValue();
      if (value.isArray()) {
        List<String> parts = new ArrayList<>();
        for (SpecNode element : value.elements()) {
          parts.add(scalar(element, "a label value must be a string or a list of strings"));
        }
        result.put(label.getKey(), String.join(",", parts));
      } else {
        result.put(
            label.getKey(), scalar(value, "a label value must be a string or a list of strings"));
      }
    }
    return result;
  }

  private static Map<String, String> annotations(SpecNode annotations) {
    Map<String, String> result = new LinkedHashMap<>();
    if (!annotations.isPresent()) {
      return result;
    }
    for (Map.Entry<String, SpecNode> annotation : annotations.fields().entrySet()) {
      String key = annotation.getKey();
      if (key.startsWith("slipstream.io/")
          && !AlertingMapper.SLIPSTREAM_ANNOTATIONS.contains(key)) {
        throw annotation
            .getValue()
            .error(
                "unknown Slipstream annotation; expected one of: "
                    + String.join(", ", AlertingMapper.SLIPSTREAM_ANNOTATIONS));
      }
      result.put(key, scalar(annotation.getValue(), "an annotation value must be a string"));
    }
    return result;
  }

  /** A scalar's text as written; empty strings are fine for labels and annotations. */
  private static String scalar(SpecNode node, String message) {
    String text = node.rawText();
    if (text == null) {
      throw node.error(message + ", was " + node.describe());
    }
    return text;
  }

  private static boolean timeslices(SpecNode method) {
    if (!method.isPresent()) {
      throw method.error("is required: Occurrences or Timeslices");
    }
    return switch (method.text().toLowerCase(Locale.ROOT)) {
      case "occurrences" -> false;
      case "timeslices" -> true;
      default ->
          throw method.error(
              method.describe() + " is not a budgeting method; expected Occurrences or Timeslices");
    };
  }

  private static SpecNode objective(SpecNode objectives) {
    List<SpecNode> all = objectives.elements();
    if (all.isEmpty()) {
      throw objectives.error("must hold one objective");
    }
    if (all.size() > 1) {
      throw objectives.error(
          "Slipstream supports exactly one objective per SLO, found "
              + all.size()
              + "; split the others into SLOs of their own");
    }
    return all.get(0).requireObject().allowOnly(OBJECTIVE_FIELDS);
  }

  private static double target(SpecNode objective) {
    SpecNode target = objective.get("target");
    SpecNode percent = objective.get("targetPercent");
    if (target.isPresent() && percent.isPresent()) {
      throw percent.error("give target or targetPercent, not both");
    }
    if (percent.isPresent()) {
      double value = percent.number();
      if (!(value > 0 && value < 100)) {
        throw percent.error("must be in (0, 100), was " + percent.describe());
      }
      // Through decimal, so 99.95 becomes the double nearest 0.9995, as target: 0.9995 would.
      return BigDecimal.valueOf(value).movePointLeft(2).doubleValue();
    }
    if (!target.isPresent()) {
      throw target.error("is required (or targetPercent), e.g. 0.999");
    }
    double value = target.number();
    if (!(value > 0 && value < 1)) {
      throw target.error("must be in (0, 1), was " + target.describe());
    }
    return value;
  }

  /** The time slice for Timeslices (null for Occurrences, where the slice fields are refused). */
  private static Duration sliceSize(SpecNode objective, boolean timeslices, TimeWindow window) {
    SpecNode sliceWindow = objective.get("timeSliceWindow");
    if (!timeslices) {
      for (String field : List.of("timeSliceWindow", "timeSliceTarget")) {
        if (objective.has(field)) {
          throw objective.get(field).error("applies only to budgetingMethod Timeslices");
        }
      }
      return null;
    }
    if (!sliceWindow.isPresent()) {
      throw sliceWindow.error(
          "is required with budgetingMethod Timeslices: the length of one slice, e.g. 1m");
    }
    Duration slice = SpecDurations.parseMinutesOrDuration(sliceWindow);
    // Slices that divide a day line up with day, week and month boundaries in every time zone
    // offset of whole minutes, so a calendar period holds whole slices.
    if (slice.toMillis() % 1000 != 0 || DAY.toMillis() % slice.toMillis() != 0) {
      throw sliceWindow.error(
          "must divide one day into whole slices of whole seconds (e.g. 1m, 5m, 1h), was "
              + sliceWindow.describe());
    }
    if (window != null && slice.compareTo(window.nominalLength()) >= 0) {
      throw sliceWindow.error("must be shorter than the SLO's period");
    }
    return slice;
  }

  /** The SLI spec: inline ({@code spec.indicator}) or referenced ({@code spec.indicatorRef}). */
  private SpecNode indicatorSpec(SpecNode spec) {
    SpecNode inline = spec.get("indicator");
    SpecNode ref = spec.get("indicatorRef");
    if (inline.isPresent() && ref.isPresent()) {
      throw ref.error("give either indicator or indicatorRef, not both");
    }
    if (ref.isPresent()) {
      String name = ref.text();
      return documents
          .find(OpenSloDocuments.SLI, name)
          .map(sli -> sli.root().get("spec"))
          .orElseThrow(() -> ref.error("no SLI named '" + name + "'"));
    }
    if (!inline.isPresent()) {
      throw inline.error("is required (or indicatorRef)");
    }
    inline.requireObject().allowOnly(INLINE_SLI_FIELDS);
    SpecNode kind = inline.get("kind");
    if (kind.isPresent() && !kind.text().equals(OpenSloDocuments.SLI)) {
      throw kind.error("must be SLI here, was " + kind.describe());
    }
    SpecNode apiVersion = inline.get("apiVersion");
    if (apiVersion.isPresent() && !apiVersion.text().equals(OpenSloDocuments.API_VERSION)) {
      throw apiVersion.error(
          apiVersion.describe()
              + " is not supported; Slipstream reads "
              + OpenSloDocuments.API_VERSION);
    }
    SpecNode metadata = inline.get("metadata");
    if (metadata.isPresent()) {
      metadata.requireObject().allowOnly(OpenSloDocuments.METADATA_FIELDS);
      OpenSloDocuments.checkName(metadata.get("name"));
    }
    return inline.get("spec").required();
  }
}
