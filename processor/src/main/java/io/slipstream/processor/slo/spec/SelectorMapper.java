package io.slipstream.processor.slo.spec;

import io.slipstream.avro.Outcome;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads an event selector from a {@code metricSource.spec} of type slipstream: {@code operation},
 * {@code outcome}, {@code statusClass}/{@code statusCode} and {@code region}, each a single value
 * or a list.
 */
final class SelectorMapper {
  static final List<String> SELECTOR_FIELDS =
      List.of("operation", "outcome", "statusClass", "statusCode", "region");

  private static final Pattern STATUS_CLASS = Pattern.compile("[1-5]xx");
  private static final Pattern STATUS_CODE = Pattern.compile("[1-5]\\d\\d");
  private static final Set<String> OUTCOMES =
      Arrays.stream(Outcome.values()).map(Enum::name).collect(Collectors.toUnmodifiableSet());
  private static final String OUTCOME_LIST =
      Arrays.stream(Outcome.values()).map(Enum::name).collect(Collectors.joining(", "));

  private SelectorMapper() {}

  /** The selector in {@code spec}; the caller has checked which fields {@code spec} may hold. */
  static EventSelector read(SpecNode spec) {
    List<String> operations = new ArrayList<>();
    for (SpecNode value : values(spec.get("operation"))) {
      operations.add(value.text());
    }
    Set<String> outcomes = new LinkedHashSet<>();
    for (SpecNode value : values(spec.get("outcome"))) {
      outcomes.add(outcome(value));
    }
    Set<String> statuses = new LinkedHashSet<>();
    for (SpecNode value : values(spec.get("statusClass"))) {
      statuses.add(status(value));
    }
    for (SpecNode value : values(spec.get("statusCode"))) {
      statuses.add(status(value));
    }
    Set<String> regions = new LinkedHashSet<>();
    for (SpecNode value : values(spec.get("region"))) {
      regions.add(value.text());
    }
    return new EventSelector(operations, outcomes, statuses, regions);
  }

  /** The values of an optional single-value-or-list field, each with its own path. */
  private static List<SpecNode> values(SpecNode node) {
    if (!node.isPresent()) {
      return List.of();
    }
    if (node.isArray()) {
      List<SpecNode> elements = node.elements();
      if (elements.isEmpty()) {
        throw node.error("must not be an empty list; leave the field out to match any value");
      }
      return elements;
    }
    return List.of(node);
  }

  private static String outcome(SpecNode node) {
    String outcome = node.text().toUpperCase(Locale.ROOT);
    if (!OUTCOMES.contains(outcome)) {
      throw node.error(node.describe() + " is not an outcome; expected one of " + OUTCOME_LIST);
    }
    return outcome;
  }

  private static String status(SpecNode node) {
    String status = node.text().toLowerCase(Locale.ROOT);
    if (!STATUS_CLASS.matcher(status).matches() && !STATUS_CODE.matcher(status).matches()) {
      throw node.error(
          node.describe()
              + " is neither a status class (1xx to 5xx) nor a status code (100 to 599)");
    }
    return status;
  }
}
