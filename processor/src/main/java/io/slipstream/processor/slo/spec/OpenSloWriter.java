package io.slipstream.processor.slo.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import io.slipstream.avro.Outcome;
import io.slipstream.contracts.DurationText;
import io.slipstream.processor.slo.spec.Indicator.GoodCriterion;
import io.slipstream.processor.slo.spec.SloDefinition.Alerting;
import io.slipstream.processor.slo.spec.SloDefinition.Budgeting;
import io.slipstream.processor.slo.spec.SloDefinition.BurnRateRule;
import io.slipstream.processor.slo.spec.SloDefinition.CalendarUnit;
import io.slipstream.processor.slo.spec.SloDefinition.SliceCondition;
import io.slipstream.processor.slo.spec.SloDefinition.TimeWindow;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Writes a {@link SloDefinition} as one self-contained OpenSLO v1 {@code kind: SLO} document, the
 * inverse of {@link OpenSloParser}: for every definition it accepts, {@code
 * OpenSloParser.parse(name, write(definition))} yields exactly one definition, equal to {@code
 * definition}. Thread-safe and stateless.
 *
 * <p>The document relies on no default and no other document: the indicator is inline; the alert
 * rules are written as one inline AlertPolicy with one inline AlertCondition per rule, in order (an
 * empty list as {@code alertPolicies: []}); the guards are written in {@code spec.alerting}, which
 * wins over the {@code slipstream.io/} annotations (those are copied unchanged, with every other
 * annotation and label). Numbers are written so they read back as the same {@code double} (the
 * shortest decimal that does); latency thresholds as milliseconds with up to three decimals, which
 * read back as the same microseconds; durations in the parser's units ({@code 30d}, {@code 5m},
 * {@code 1500ms}). The style is {@code kubectl}'s: block mappings, strings quoted only where YAML
 * would read them as something else.
 *
 * <p>A definition the parser could never produce cannot be written, and {@link #write} throws
 * {@link IllegalArgumentException} naming the reason, e.g.: text with leading or trailing blanks
 * (the parser trims), text that is not Unicode (an unpaired surrogate, which UTF-8 cannot carry),
 * an unknown {@code slipstream.io/} annotation, a runbook URL that does not come from the
 * annotations, a slice condition that does not fit the indicator, a quantile other than 0.5, 0.9,
 * 0.95, 0.99 or 0.999, durations finer than a millisecond, or alert windows longer than the period
 * or not whole slices.
 */
public final class OpenSloWriter {
  private static final String API_VERSION = "openslo/v1";
  private static final String SLIPSTREAM = "slipstream";
  private static final String LEGACY_RUNBOOK_ANNOTATION = "runbook_url";
  private static final Set<String> OUTCOMES =
      Arrays.stream(Outcome.values()).map(Enum::name).collect(Collectors.toUnmodifiableSet());
  private static final Pattern STATUS_CLASS = Pattern.compile("[1-5]xx");
  private static final Pattern STATUS_CODE = Pattern.compile("[1-5]\\d\\d");
  private static final Map<Double, String> QUANTILE_SIGNALS =
      Map.of(
          0.5, "latency_p50",
          0.9, "latency_p90",
          0.95, "latency_p95",
          0.99, "latency_p99",
          0.999, "latency_p999");

  /**
   * Calendar windows are always aligned to period starts, so {@code startTime} carries no
   * information for Slipstream; it is written because OpenSLO requires it. 2024-01-01 is both a
   * Monday and the 1st, a valid start for weeks and months alike.
   */
  private static final String CALENDAR_START = "2024-01-01 00:00:00";

  // As OpenSLO's examples order them: the threshold, then the target, then the slices.
  private static final List<String> OBJECTIVE_ORDER =
      List.of("op", "value", "target", "timeSliceTarget", "timeSliceWindow");

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final ObjectMapper YAML =
      new YAMLMapper(
          YAMLFactory.builder()
              .stringQuotingChecker(new ReadBackQuotingChecker())
              // kubectl style: no '---' before the only document, plain strings where possible,
              // '- ' indented under its key as in examples/slos, multi-line text as a '|' block.
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
              .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
              .build());

  private OpenSloWriter() {}

  /**
   * The OpenSLO YAML of {@code definition}: one {@code kind: SLO} document, ending in a newline.
   * The same definition always gives the same text (labels, annotations and selector sets are
   * sorted).
   *
   * @throws IllegalArgumentException when the parser would not read the document back as exactly
   *     {@code definition} (see the class comment); the message names the field
   */
  public static String write(SloDefinition definition) {
    String yaml = render(definition);
    SloParseResult back = OpenSloParser.parse("written SLO " + definition.id(), yaml);
    // render() refuses shapes with no OpenSLO form; the parser judges everything else (e.g. an
    // alert window longer than the period), so the text never promises what it does not hold.
    if (!back.isClean()) {
      throw new IllegalArgumentException(
          "SLO " + definition.id() + " cannot be written as OpenSLO: " + back.errorReport());
    }
    if (back.definitions().size() != 1) {
      throw new IllegalArgumentException(
          "SLO " + definition.id() + " cannot be written as OpenSLO: it reads back as " + back);
    }
    String difference = firstDifference(definition, back.definitions().get(0));
    if (difference != null) {
      throw new IllegalArgumentException(
          "SLO " + definition.id() + " cannot be written as OpenSLO: " + difference);
    }
    return yaml;
  }

  /** Which component reads back differently, or null when {@code back} equals {@code written}. */
  private static String firstDifference(SloDefinition written, SloDefinition back) {
    if (written.equals(back)) {
      return null;
    }
    for (RecordComponent component : SloDefinition.class.getRecordComponents()) {
      try {
        Object was = component.getAccessor().invoke(written);
        Object is = component.getAccessor().invoke(back);
        if (!Objects.equals(was, is)) {
          return component.getName() + " " + was + " would read back as " + is;
        }
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
    return "it would read back as " + back;
  }

  private static String render(SloDefinition definition) {
    ObjectNode document = NODES.objectNode();
    document.put("apiVersion", API_VERSION);
    document.put("kind", "SLO");
    document.set("metadata", metadata(definition));
    document.set("spec", spec(definition));
    try {
      return YAML.writeValueAsString(document);
    } catch (JsonProcessingException e) {
      // A tree of strings, numbers and booleans always serialises; this would be a Jackson bug.
      throw new IllegalStateException("cannot serialise SLO " + definition.id(), e);
    }
  }

  private static ObjectNode metadata(SloDefinition definition) {
    ObjectNode metadata = NODES.objectNode();
    metadata.put("name", definition.id());
    metadata.put("displayName", trimmed(definition.displayName(), "displayName"));
    if (!definition.labels().isEmpty()) {
      ObjectNode labels = metadata.putObject("labels");
      new TreeMap<>(definition.labels()).forEach(labels::put);
    }
    Map<String, String> annotations = new TreeMap<>(definition.annotations());
    for (String key : annotations.keySet()) {
      if (key.startsWith("slipstream.io/")
          && !AlertingMapper.SLIPSTREAM_ANNOTATIONS.contains(key)) {
        throw new IllegalArgumentException(
            "annotation '" + key + "' is not a Slipstream annotation the parser accepts");
      }
    }
    String runbook =
        annotations.getOrDefault(
            AlertingMapper.RUNBOOK_ANNOTATION,
            annotations.getOrDefault(LEGACY_RUNBOOK_ANNOTATION, ""));
    if (!runbook.equals(definition.runbookUrl())) {
      throw new IllegalArgumentException(
          "runbookUrl '"
              + definition.runbookUrl()
              + "' must be the annotation "
              + AlertingMapper.RUNBOOK_ANNOTATION
              + " (or "
              + LEGACY_RUNBOOK_ANNOTATION
              + "), which is '"
              + runbook
              + "'");
    }
    if (!annotations.isEmpty()) {
      ObjectNode node = metadata.putObject("annotations");
      annotations.forEach(node::put);
    }
    return metadata;
  }

  private static ObjectNode spec(SloDefinition definition) {
    ObjectNode spec = NODES.objectNode();
    spec.put("service", trimmed(definition.service(), "service"));
    if (!definition.description().isEmpty()) {
      spec.put("description", trimmed(definition.description(), "description"));
    }
    boolean timeslices = definition.budgeting() instanceof Budgeting.Timeslices;
    spec.put("budgetingMethod", timeslices ? "Timeslices" : "Occurrences");
    spec.putArray("timeWindow").add(timeWindow(definition.window()));
    ObjectNode objective = NODES.objectNode();
    objective.set("target", number(definition.target()));
    if (definition.budgeting() instanceof Budgeting.Timeslices slices) {
      objective.put("timeSliceWindow", duration(slices.sliceSize(), "time slice"));
    }
    ObjectNode inline = spec.putObject("indicator");
    inline.putObject("metadata").put("name", definition.id());
    inline.set("spec", indicator(definition.indicator(), definition.budgeting(), objective));
    spec.putArray("objectives").add(ordered(objective, OBJECTIVE_ORDER));
    spec.set("alertPolicies", alertPolicies(definition.alerting().rules()));
    spec.set("alerting", guards(definition.alerting()));
    if (definition.isGrouped()) {
      spec.set("grouping", grouping(definition.grouping()));
    }
    return spec;
  }

  private static ObjectNode timeWindow(TimeWindow window) {
    ObjectNode node = NODES.objectNode();
    if (window instanceof TimeWindow.Rolling rolling) {
      node.put("duration", duration(rolling.length(), "rolling window"));
      node.put("isRolling", true);
    } else if (window instanceof TimeWindow.Calendar calendar) {
      node.put("duration", calendar.unit() == CalendarUnit.WEEK ? "1w" : "1M");
      node.put("isRolling", false);
      ObjectNode spec = node.putObject("calendar");
      spec.put("startTime", CALENDAR_START);
      spec.put("timeZone", calendar.zone().getId());
    }
    return node;
  }

  /**
   * The SLI spec of {@code indicator}; fills the objective's {@code op}, {@code value} and {@code
   * timeSliceTarget} where the indicator and the budgeting need them.
   */
  private static ObjectNode indicator(
      Indicator indicator, Budgeting budgeting, ObjectNode objective) {
    SliceCondition slice =
        budgeting instanceof Budgeting.Timeslices timeslices ? timeslices.condition() : null;
    if (indicator.kind() == Indicator.Kind.SATURATION) {
      return saturation(indicator, slice, objective);
    }
    if (slice instanceof SliceCondition.SaturationAtMost) {
      throw new IllegalArgumentException(
          "a saturation slice condition needs a saturation indicator, was " + indicator.kind());
    }
    if (indicator.good() instanceof GoodCriterion.LatencyAtMost latency) {
      return latency(indicator.total(), latency, slice, objective);
    }
    if (slice instanceof SliceCondition.LatencyQuantileAtMost) {
      throw new IllegalArgumentException(
          "a latency quantile slice condition needs a latency indicator, was " + indicator.good());
    }
    if (slice instanceof SliceCondition.RatioAtLeast ratio) {
      objective.set("timeSliceTarget", number(ratio.ratio()));
    }
    ObjectNode sli = NODES.objectNode();
    ObjectNode ratioMetric = sli.putObject("ratioMetric");
    ratioMetric.put("counter", true);
    GoodCriterion good = indicator.good();
    if (good instanceof GoodCriterion.Matches matches) {
      selector(nonEmpty(matches.selector(), "good"), slipstreamSource(ratioMetric, "good"));
    } else if (good instanceof GoodCriterion.DoesNotMatch doesNotMatch) {
      selector(nonEmpty(doesNotMatch.selector(), "bad"), slipstreamSource(ratioMetric, "bad"));
    } else if (good instanceof GoodCriterion.NotAnError) {
      slipstreamSource(ratioMetric, "bad").put("errors", true);
    }
    selector(indicator.total(), slipstreamSource(ratioMetric, "total"));
    return sli;
  }

  private static ObjectNode saturation(
      Indicator indicator, SliceCondition slice, ObjectNode objective) {
    if (!(slice instanceof SliceCondition.SaturationAtMost saturation)) {
      throw new IllegalArgumentException(
          "a saturation indicator needs Timeslices with a saturation slice condition, was "
              + slice);
    }
    if (!indicator.total().isAny()
        || !indicator.good().equals(new GoodCriterion.Matches(EventSelector.any()))) {
      throw new IllegalArgumentException(
          "a saturation indicator counts no request events: its total must be any() and its good"
              + " Matches(any()), was "
              + indicator);
    }
    ObjectNode sli = NODES.objectNode();
    thresholdSource(sli).put("signal", "saturation");
    objective.put("op", "lte");
    objective.set("value", number(saturation.threshold()));
    return sli;
  }

  private static ObjectNode latency(
      EventSelector total,
      GoodCriterion.LatencyAtMost latency,
      SliceCondition slice,
      ObjectNode objective) {
    if (latency.also().isPresent()) {
      throw new IllegalArgumentException(
          "a latency indicator with a further condition ('also') has no OpenSLO form; narrow"
              + " total instead");
    }
    String signal = "latency";
    if (slice instanceof SliceCondition.LatencyQuantileAtMost quantile) {
      signal = QUANTILE_SIGNALS.get(quantile.quantile());
      if (signal == null) {
        throw new IllegalArgumentException(
            "quantile "
                + quantile.quantile()
                + " has no OpenSLO signal; expected one of "
                + new TreeSet<>(QUANTILE_SIGNALS.keySet()));
      }
      if (quantile.thresholdMicros() != latency.thresholdMicros()) {
        throw new IllegalArgumentException(
            "the quantile threshold ("
                + quantile.thresholdMicros()
                + " µs) must be the indicator's latency threshold ("
                + latency.thresholdMicros()
                + " µs)");
      }
    } else if (slice instanceof SliceCondition.RatioAtLeast ratio) {
      objective.set("timeSliceTarget", number(ratio.ratio()));
    }
    ObjectNode sli = NODES.objectNode();
    ObjectNode source = thresholdSource(sli);
    source.put("signal", signal);
    selector(total, source);
    objective.put("op", "lte");
    objective.set("value", millis(latency.thresholdMicros()));
    return sli;
  }

  /** The {@code spec} of {@code holder.<field>.metricSource}, with {@code type: slipstream}. */
  private static ObjectNode slipstreamSource(ObjectNode ratioMetric, String field) {
    ObjectNode source = ratioMetric.putObject(field).putObject("metricSource");
    source.put("type", SLIPSTREAM);
    return source.putObject("spec");
  }

  private static ObjectNode thresholdSource(ObjectNode sli) {
    ObjectNode source = sli.putObject("thresholdMetric").putObject("metricSource");
    source.put("type", SLIPSTREAM);
    return source.putObject("spec");
  }

  private static EventSelector nonEmpty(EventSelector selector, String field) {
    if (selector.isAny()) {
      throw new IllegalArgumentException(
          "a ratioMetric " + field + " selector must select something, was any()");
    }
    return selector;
  }

  /**
   * Writes {@code selector}'s fields into {@code spec}; nothing for {@link EventSelector#any()}.
   */
  private static void selector(EventSelector selector, ObjectNode spec) {
    if (!selector.operations().isEmpty()) {
      for (String operation : selector.operations()) {
        trimmed(operation, "operation");
      }
      spec.set("operation", values(selector.operations()));
    }
    if (!selector.outcomes().isEmpty()) {
      for (String outcome : selector.outcomes()) {
        if (!OUTCOMES.contains(outcome)) {
          throw new IllegalArgumentException(
              "outcome '" + outcome + "' is not an upper-case Outcome name");
        }
      }
      spec.set("outcome", values(new TreeSet<>(selector.outcomes())));
    }
    TreeSet<String> classes = new TreeSet<>();
    TreeSet<String> codes = new TreeSet<>();
    for (String status : selector.statusClasses()) {
      if (STATUS_CLASS.matcher(status).matches()) {
        classes.add(status);
      } else if (STATUS_CODE.matcher(status).matches()) {
        codes.add(status);
      } else {
        throw new IllegalArgumentException(
            "status '" + status + "' is neither a status class (1xx to 5xx) nor a code (100-599)");
      }
    }
    if (!classes.isEmpty()) {
      spec.set("statusClass", values(classes));
    }
    if (!codes.isEmpty()) {
      // As numbers, as people write them: statusCode: [500, 503].
      ArrayNode numbers = NODES.arrayNode();
      codes.forEach(code -> numbers.add(Integer.parseInt(code)));
      spec.set("statusCode", numbers.size() == 1 ? numbers.get(0) : numbers);
    }
    if (!selector.regions().isEmpty()) {
      for (String region : selector.regions()) {
        trimmed(region, "region");
      }
      spec.set("region", values(new TreeSet<>(selector.regions())));
    }
  }

  /** One value as a scalar, several as a list. */
  private static JsonNode values(Collection<String> values) {
    if (values.size() == 1) {
      return NODES.textNode(values.iterator().next());
    }
    ArrayNode list = NODES.arrayNode();
    values.forEach(list::add);
    return list;
  }

  private static JsonNode alertPolicies(List<BurnRateRule> rules) {
    ArrayNode policies = NODES.arrayNode();
    if (rules.isEmpty()) {
      return policies; // alertPolicies: [] means no burn-rate alerts, not the default table
    }
    ObjectNode policy = policies.addObject();
    policy.put("kind", "AlertPolicy");
    policy.putObject("metadata").put("name", "burn-rate");
    ArrayNode conditions = policy.putObject("spec").putArray("conditions");
    for (BurnRateRule rule : rules) {
      String longWindow = duration(rule.longWindow(), "long window");
      String shortWindow = duration(rule.shortWindow(), "short window");
      String severity = rule.severity().name().toLowerCase(Locale.ROOT);
      ObjectNode condition = conditions.addObject();
      condition.put("kind", "AlertCondition");
      // A DNS label: at most 6 + 2 × 21 + 2 characters, lower-case letters, digits and '-'.
      condition.putObject("metadata").put("name", severity + "-" + longWindow + "-" + shortWindow);
      ObjectNode spec = condition.putObject("spec");
      spec.put("severity", severity);
      ObjectNode burn = spec.putObject("condition");
      burn.put("kind", "burnrate");
      burn.put("op", rule.inclusive() ? "gte" : "gt");
      burn.set("threshold", number(rule.burnRate()));
      burn.put("lookbackWindow", longWindow);
      burn.put("alertAfter", shortWindow);
    }
    return policies;
  }

  private static ObjectNode grouping(Grouping grouping) {
    ObjectNode node = NODES.objectNode();
    ArrayNode by = node.putArray("by");
    grouping.keys().forEach(key -> by.add(key.text()));
    node.put("maxGroups", grouping.maxGroups());
    node.put("expireAfter", duration(grouping.expireAfter(), "expireAfter"));
    return node;
  }

  private static ObjectNode guards(Alerting alerting) {
    ObjectNode guards = NODES.objectNode();
    guards.set("minEvents", LongNode.valueOf(alerting.minEventsInLongWindow()));
    guards.put(
        "noDataAfter",
        alerting.noDataAfter() == null ? "none" : duration(alerting.noDataAfter(), "noDataAfter"));
    if (alerting.resolveHoldDown().isZero()) {
      guards.put("resolveHoldDown", 0);
    } else {
      guards.put("resolveHoldDown", duration(alerting.resolveHoldDown(), "resolveHoldDown"));
    }
    if (!alerting.pageSuppressesTicket()) {
      guards.put("pageSuppressesTicket", false);
    }
    return guards;
  }

  private static ObjectNode ordered(ObjectNode node, List<String> order) {
    ObjectNode ordered = NODES.objectNode();
    for (String field : order) {
      if (node.has(field)) {
        ordered.set(field, node.get(field));
      }
    }
    return ordered;
  }

  /** {@code text}, which the parser will trim, so it must have no blanks around it. */
  private static String trimmed(String text, String field) {
    if (text.isEmpty() || !text.trim().equals(text)) {
      throw new IllegalArgumentException(
          field + " '" + text + "' must be non-empty without leading or trailing blanks");
    }
    return text;
  }

  /** {@code duration} in the parser's units; whole milliseconds only. */
  private static String duration(Duration duration, String what) {
    if (duration.isNegative() || duration.isZero() || duration.getNano() % 1_000_000 != 0) {
      throw new IllegalArgumentException(
          what + " " + duration + " must be a positive whole number of milliseconds");
    }
    try {
      return DurationText.format(duration);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(what + " " + duration + " is too long to write", e);
    }
  }

  /**
   * A latency threshold as milliseconds with up to three decimals ({@code 0.5} is 500 µs), which
   * the parser reads back ({@code round(ms × 1000)}) as the same microseconds.
   */
  private static JsonNode millis(long micros) {
    BigDecimal millis = BigDecimal.valueOf(micros, 3).stripTrailingZeros();
    if (Math.round(millis.doubleValue() * 1000) != micros) {
      throw new IllegalArgumentException(
          "latency threshold " + micros + " µs is too large to write as milliseconds exactly");
    }
    return plainDecimal(millis);
  }

  /**
   * {@code value} as the shortest decimal that reads back as the same double, without an exponent
   * where that stays short (0.0001, 14.4, 300); {@link Double#toString} otherwise (1.0E-12).
   */
  private static JsonNode number(double value) {
    if (!Double.isFinite(value) || (value == 0 && 1 / value < 0)) {
      return DoubleNode.valueOf(value); // -0.0; infinities are refused by the model
    }
    BigDecimal shortest = new BigDecimal(Double.toString(value)).stripTrailingZeros();
    if (shortest.scale() > 10 || shortest.precision() - shortest.scale() > 15) {
      return DoubleNode.valueOf(value);
    }
    return plainDecimal(shortest);
  }

  private static JsonNode plainDecimal(BigDecimal value) {
    if (value.scale() <= 0) {
      return LongNode.valueOf(value.longValueExact());
    }
    return DecimalNode.valueOf(value);
  }

  /**
   * Quotes a string wherever Jackson's defaults would, and also wherever the plain scalar would not
   * read back as the same string (e.g. {@code 1e3}, {@code 0x1F}, {@code 1_000} and {@code .inf}
   * read as numbers), by reading it.
   */
  private static final class ReadBackQuotingChecker extends StringQuotingChecker.Default {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper PLAIN_READER = new YAMLMapper();

    @Override
    public boolean needToQuoteName(String name) {
      return super.needToQuoteName(name) || !readsBackAsText(name);
    }

    @Override
    public boolean needToQuoteValue(String value) {
      return super.needToQuoteValue(value) || !readsBackAsText(value);
    }

    private static boolean readsBackAsText(String plain) {
      try {
        JsonNode node = PLAIN_READER.readTree(plain);
        return node != null && node.isTextual() && node.textValue().equals(plain);
      } catch (JsonProcessingException | RuntimeException e) {
        return false;
      }
    }
  }
}
