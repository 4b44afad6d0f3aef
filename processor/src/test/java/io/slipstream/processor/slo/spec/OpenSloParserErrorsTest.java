package io.slipstream.processor.slo.spec;

import static io.slipstream.processor.slo.spec.SpecYaml.AVAILABILITY;
import static io.slipstream.processor.slo.spec.SpecYaml.FAST_BURN_POLICY;
import static io.slipstream.processor.slo.spec.SpecYaml.P99_SLICES;
import static io.slipstream.processor.slo.spec.SpecYaml.documents;
import static io.slipstream.processor.slo.spec.SpecYaml.with;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OpenSloParserErrorsTest {

  private static final String SLO = "checkout-availability";
  private static final String INDICATOR = "spec.indicator.spec.ratioMetric";
  private static final String BAD_SPEC = INDICATOR + ".bad.metricSource.spec";

  /** The one error parsing {@code yaml} yields, after checking no SLO was loaded. */
  private static SloDefinitionError onlyError(String yaml) {
    SloParseResult result = OpenSloParser.parse("slos.yaml", yaml);
    assertThat(result.definitions()).isEmpty();
    assertThat(result.errors()).as(result.errorReport()).hasSize(1);
    return result.errors().get(0);
  }

  private static void assertError(
      SloDefinitionError error, String sloName, String fieldPath, String messagePart) {
    assertThat(error.file()).isEqualTo("slos.yaml");
    assertThat(error.sloName()).isEqualTo(sloName);
    assertThat(error.fieldPath()).isEqualTo(fieldPath);
    assertThat(error.message()).contains(messagePart);
  }

  private static String policies(String yaml) {
    return with(yaml, "  objectives:", "  alertPolicies: [burn-rate]\n  objectives:");
  }

  // --- metadata and envelope

  @Test
  void shouldRejectAMissingNameNamingTheField() {
    SloDefinitionError error =
        onlyError(with(AVAILABILITY, "  name: checkout-availability\n", "  displayName: x\n"));

    assertError(error, null, "metadata.name", "is required");
    assertThat(error.documentIndex()).isZero();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Checkout",
        "checkout_availability",
        "-checkout",
        "checkout-",
        "a234567890123456789012345678901234567890123456789012345678901234"
      })
  void shouldRejectANameThatIsNotADnsLabel(String name) {
    SloDefinitionError error =
        onlyError(with(AVAILABILITY, "name: checkout-availability", "name: " + name));

    assertError(error, name, "metadata.name", "is not a valid name");
  }

  @Test
  void shouldRejectAWrongApiVersion() {
    assertError(
        onlyError(with(AVAILABILITY, "openslo/v1", "openslo/v1alpha")),
        SLO,
        "apiVersion",
        "'openslo/v1alpha' is not supported; Slipstream reads openslo/v1");
  }

  @Test
  void shouldRejectAnUnsupportedKind() {
    assertError(
        onlyError(with(AVAILABILITY, "kind: SLO", "kind: Dashboard")),
        null,
        "kind",
        "unsupported kind 'Dashboard'");
  }

  @Test
  void shouldRejectAnUnknownSpecFieldListingTheKnownOnes() {
    assertError(
        onlyError(
            with(
                AVAILABILITY, "budgetingMethod:", "budgetMethod: Occurrences\n  budgetingMethod:")),
        SLO,
        "spec.budgetMethod",
        "unknown field 'budgetMethod'; expected one of: description, service");
  }

  @Test
  void shouldRejectAnUnknownSlipstreamAnnotation() {
    String yaml =
        with(
            AVAILABILITY,
            "  name: checkout-availability\n",
            "  name: checkout-availability\n  annotations:\n    slipstream.io/min-event: \"5\"\n");

    assertError(
        onlyError(yaml),
        SLO,
        "metadata.annotations[\"slipstream.io/min-event\"]",
        "unknown Slipstream annotation");
  }

  @Test
  void shouldRejectAMinEventsAnnotationThatIsNotAWholeNumber() {
    String yaml =
        with(
            AVAILABILITY,
            "  name: checkout-availability\n",
            "  name: checkout-availability\n  annotations:\n    slipstream.io/min-events: ten\n");

    assertError(
        onlyError(yaml),
        SLO,
        "metadata.annotations[\"slipstream.io/min-events\"]",
        "must be a whole number of events");
  }

  // --- spec fields

  @Test
  void shouldRejectAMissingService() {
    assertError(
        onlyError(with(AVAILABILITY, "  service: checkout\n", "")),
        SLO,
        "spec.service",
        "is required");
  }

  @Test
  void shouldRejectAnUnknownBudgetingMethod() {
    assertError(
        onlyError(with(AVAILABILITY, "budgetingMethod: Occurrences", "budgetingMethod: Events")),
        SLO,
        "spec.budgetingMethod",
        "'Events' is not a budgeting method; expected Occurrences or Timeslices");
  }

  @Test
  void shouldRejectAMissingBudgetingMethod() {
    assertError(
        onlyError(with(AVAILABILITY, "  budgetingMethod: Occurrences\n", "")),
        SLO,
        "spec.budgetingMethod",
        "is required");
  }

  // --- objectives

  @Test
  void shouldRejectATargetAboveOneNamingTheField() {
    assertError(
        onlyError(with(AVAILABILITY, "target: 0.999", "target: 1.5")),
        SLO,
        "spec.objectives[0].target",
        "must be in (0, 1), was '1.5'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "1", "-0.5"})
  void shouldRejectATargetOutsideTheOpenInterval(String target) {
    assertError(
        onlyError(with(AVAILABILITY, "target: 0.999", "target: " + target)),
        SLO,
        "spec.objectives[0].target",
        "must be in (0, 1)");
  }

  @Test
  void shouldRejectATargetPercentOfAHundred() {
    assertError(
        onlyError(with(AVAILABILITY, "target: 0.999", "targetPercent: 100")),
        SLO,
        "spec.objectives[0].targetPercent",
        "must be in (0, 100)");
  }

  @Test
  void shouldRejectTargetAndTargetPercentTogether() {
    assertError(
        onlyError(with(AVAILABILITY, "target: 0.999", "target: 0.999\n      targetPercent: 99.9")),
        SLO,
        "spec.objectives[0].targetPercent",
        "give target or targetPercent, not both");
  }

  @Test
  void shouldRejectANonNumericTarget() {
    assertError(
        onlyError(with(AVAILABILITY, "target: 0.999", "target: high")),
        SLO,
        "spec.objectives[0].target",
        "must be a number, was 'high'");
  }

  @Test
  void shouldRejectMoreThanOneObjectiveSayingSlipstreamSupportsOne() {
    assertError(
        onlyError(with(AVAILABILITY, "- target: 0.999", "- target: 0.999\n    - target: 0.99")),
        SLO,
        "spec.objectives",
        "exactly one objective per SLO, found 2");
  }

  // --- time window

  @Test
  void shouldRejectTwoTimeWindows() {
    String yaml =
        with(
            AVAILABILITY,
            "      isRolling: true\n",
            "      isRolling: true\n    - duration: 7d\n      isRolling: true\n");

    assertError(onlyError(yaml), SLO, "spec.timeWindow", "exactly one window, held 2");
  }

  @Test
  void shouldRejectARollingMonth() {
    assertError(
        onlyError(with(AVAILABILITY, "duration: 30d", "duration: 1M")),
        SLO,
        "spec.timeWindow[0].duration",
        "'1M' is a calendar month");
  }

  @ParameterizedTest
  // ISO-8601 (P30D) is Slipstream's settings grammar, not OpenSLO's: documents stay portable.
  @ValueSource(strings = {"30 days", "1.5d", "30", "0d", "-1d", "P30D", "PT720H"})
  void shouldRejectAnUnparseableDuration(String duration) {
    assertError(
        onlyError(with(AVAILABILITY, "duration: 30d", "duration: \"" + duration + "\"")),
        SLO,
        "spec.timeWindow[0].duration",
        "'" + duration + "'");
  }

  @Test
  void shouldRejectARollingWindowWithoutIsRollingOrCalendar() {
    assertError(
        onlyError(with(AVAILABILITY, "      isRolling: true\n", "")),
        SLO,
        "spec.timeWindow[0].isRolling",
        "is required");
  }

  @Test
  void shouldRejectACalendarWindowOtherThanAWeekOrAMonth() {
    String yaml =
        with(
            AVAILABILITY,
            "isRolling: true",
            "isRolling: false\n      calendar:\n        timeZone: UTC");
    yaml = with(yaml, "duration: 30d", "duration: 1Q");

    assertError(
        onlyError(yaml),
        SLO,
        "spec.timeWindow[0].duration",
        "a calendar window must be 1w (a week) or 1M (a month), was '1Q'");
  }

  @Test
  void shouldRejectAnUnknownTimeZone() {
    String yaml =
        with(
            with(AVAILABILITY, "duration: 30d", "duration: 1M"),
            "isRolling: true",
            "isRolling: false\n      calendar:\n        timeZone: Mars/Olympus");

    assertError(
        onlyError(yaml),
        SLO,
        "spec.timeWindow[0].calendar.timeZone",
        "'Mars/Olympus' is not a time zone");
  }

  @Test
  void shouldRejectACalendarMonthStartingMidMonth() {
    String yaml =
        with(
            with(AVAILABILITY, "duration: 30d", "duration: 1M"),
            "isRolling: true",
            "isRolling: false\n      calendar:\n        startTime: 2020-01-21 12:30:00\n        timeZone: America/New_York");

    assertError(
        onlyError(yaml),
        SLO,
        "spec.timeWindow[0].calendar.startTime",
        "calendar months start on the 1st at 00:00");
  }

  @Test
  void shouldRejectACalendarWithARollingWindow() {
    String yaml =
        with(
            AVAILABILITY,
            "isRolling: true",
            "isRolling: true\n      calendar:\n        timeZone: UTC");

    assertError(
        onlyError(yaml), SLO, "spec.timeWindow[0].calendar", "a rolling window has no calendar");
  }

  // --- indicator

  @Test
  void shouldRejectADanglingIndicatorRef() {
    String yaml =
        with(
            AVAILABILITY,
            AVAILABILITY.substring(
                AVAILABILITY.indexOf("  indicator:"), AVAILABILITY.indexOf("  objectives:")),
            "  indicatorRef: nowhere\n");

    assertError(onlyError(yaml), SLO, "spec.indicatorRef", "no SLI named 'nowhere'");
  }

  @Test
  void shouldRejectIndicatorAndIndicatorRefTogether() {
    String yaml = with(AVAILABILITY, "  objectives:", "  indicatorRef: other\n  objectives:");

    assertError(onlyError(yaml), SLO, "spec.indicatorRef", "give either indicator or indicatorRef");
  }

  @Test
  void shouldRejectAMissingIndicator() {
    String yaml =
        with(
            AVAILABILITY,
            AVAILABILITY.substring(
                AVAILABILITY.indexOf("  indicator:"), AVAILABILITY.indexOf("  objectives:")),
            "");

    assertError(onlyError(yaml), SLO, "spec.indicator", "is required (or indicatorRef)");
  }

  @Test
  void shouldRejectAPrometheusMetricSourceNamingIt() {
    String yaml =
        with(
            AVAILABILITY,
            "            type: slipstream\n            spec: {}\n",
            "            type: Prometheus\n"
                + "            spec:\n"
                + "              query: sum(rate(http_requests_total[5m]))\n");

    assertError(
        onlyError(yaml),
        SLO,
        INDICATOR + ".total.metricSource.type",
        "only metricSource type slipstream is supported, was 'Prometheus'");
  }

  @Test
  void shouldRejectAMetricSourceRefToANonSlipstreamDataSource() {
    String yaml =
        documents(
            """
            apiVersion: openslo/v1
            kind: DataSource
            metadata:
              name: datadog
            spec:
              type: Datadog
            """,
            with(
                AVAILABILITY,
                "            type: slipstream\n            spec: {}",
                "            metricSourceRef: datadog\n            spec: {}"));

    SloDefinitionError error = onlyError(yaml);

    assertError(error, SLO, INDICATOR + ".total.metricSource.metricSourceRef", "was 'Datadog'");
    assertThat(error.documentIndex()).isEqualTo(1);
  }

  @Test
  void shouldRejectADanglingMetricSourceRef() {
    String yaml =
        with(
            AVAILABILITY,
            "            type: slipstream\n            spec: {}",
            "            metricSourceRef: nowhere\n            spec: {}");

    assertError(
        onlyError(yaml),
        SLO,
        INDICATOR + ".total.metricSource.metricSourceRef",
        "no DataSource named 'nowhere'");
  }

  @Test
  void shouldRejectGoodAndBadTogether() {
    String yaml =
        with(
            AVAILABILITY,
            "        bad:",
            "        good:\n          metricSource:\n            type: slipstream\n            spec:\n              outcome: SUCCESS\n        bad:");

    assertError(onlyError(yaml), SLO, INDICATOR + ".bad", "give either good or bad, not both");
  }

  @Test
  void shouldRejectAMissingTotal() {
    String yaml =
        with(
            AVAILABILITY,
            AVAILABILITY.substring(
                AVAILABILITY.indexOf("        total:"), AVAILABILITY.indexOf("  objectives:")),
            "");

    assertError(onlyError(yaml), SLO, INDICATOR + ".total", "is required");
  }

  @Test
  void shouldRejectRawRatios() {
    String yaml = with(AVAILABILITY, "        counter: true\n", "        rawType: success\n");

    assertError(
        onlyError(yaml), SLO, INDICATOR + ".rawType", "precomputed (raw) ratios are not supported");
  }

  @Test
  void shouldRejectAGaugeRatioMetric() {
    assertError(
        onlyError(with(AVAILABILITY, "counter: true", "counter: false")),
        SLO,
        INDICATOR + ".counter",
        "counter: false (a gauge) is not supported");
  }

  @Test
  void shouldRejectAnUnknownOutcomeNamingTheListElement() {
    String yaml =
        with(AVAILABILITY, "              errors: true", "              outcome: [ERROR, FAILED]");

    assertError(
        onlyError(yaml),
        SLO,
        BAD_SPEC + ".outcome[1]",
        "'FAILED' is not an outcome; expected one of SUCCESS, ERROR, CLIENT_ERROR");
  }

  @ParameterizedTest
  @ValueSource(strings = {"6xx", "99", "600", "5x"})
  void shouldRejectAnInvalidStatusClass(String status) {
    String yaml =
        with(
            AVAILABILITY,
            "              errors: true",
            "              statusClass: \"" + status + "\"");

    assertError(
        onlyError(yaml),
        SLO,
        BAD_SPEC + ".statusClass",
        "is neither a status class (1xx to 5xx) nor a status code (100 to 599)");
  }

  @Test
  void shouldRejectAnUnknownSelectorFieldListingTheKnownOnes() {
    String yaml =
        with(AVAILABILITY, "              errors: true", "              operations: GET /cart");

    assertError(
        onlyError(yaml),
        SLO,
        BAD_SPEC + ".operations",
        "unknown field 'operations'; expected one of: operation, outcome, statusClass, statusCode,"
            + " region, errors");
  }

  @Test
  void shouldRejectTheErrorsShortcutCombinedWithOtherFields() {
    String yaml =
        with(
            AVAILABILITY,
            "              errors: true",
            "              errors: true\n              region: eu-west-1");

    assertError(onlyError(yaml), SLO, BAD_SPEC, "errors: true stands alone");
  }

  @Test
  void shouldRejectTheErrorsShortcutInTotal() {
    String yaml = with(AVAILABILITY, "            spec: {}", "            spec: {errors: true}");

    assertError(
        onlyError(yaml),
        SLO,
        INDICATOR + ".total.metricSource.spec.errors",
        "errors: true is a shortcut for bad only");
  }

  @Test
  void shouldRejectAnEmptyBadSelector() {
    String yaml =
        with(AVAILABILITY, "            spec:\n              errors: true", "            spec: {}");

    assertError(onlyError(yaml), SLO, BAD_SPEC, "selects every event");
  }

  @Test
  void shouldRejectOpAndValueOnARatioMetric() {
    String yaml =
        with(AVAILABILITY, "- target: 0.999", "- target: 0.999\n      op: lte\n      value: 3");

    assertError(onlyError(yaml), SLO, "spec.objectives[0].op", "applies only to a thresholdMetric");
  }

  // --- threshold metrics and time slices

  @Test
  void shouldRejectAQuantileSignalWithOccurrences() {
    String yaml =
        with(with(P99_SLICES, "Timeslices", "Occurrences"), "\n      timeSliceWindow: 1m", "");

    assertError(
        onlyError(yaml),
        "search-latency",
        "spec.indicator.spec.thresholdMetric.metricSource.spec.signal",
        "'latency_p99' is a quantile per time slice and needs budgetingMethod Timeslices");
  }

  @Test
  void shouldRejectSaturationWithOccurrences() {
    String yaml =
        with(
            with(with(P99_SLICES, "Timeslices", "Occurrences"), "\n      timeSliceWindow: 1m", ""),
            "signal: latency_p99",
            "signal: saturation");

    assertError(
        onlyError(yaml),
        "search-latency",
        "spec.indicator.spec.thresholdMetric.metricSource.spec.signal",
        "saturation is sampled, not counted per request");
  }

  @Test
  void shouldRejectASaturationAboveOne() {
    String yaml = with(P99_SLICES, "signal: latency_p99", "signal: saturation");

    assertError(
        onlyError(yaml),
        "search-latency",
        "spec.objectives[0].value",
        "is a saturation and must be in [0, 1], was '250'");
  }

  @Test
  void shouldRejectSelectorFieldsOnSaturation() {
    String yaml =
        with(P99_SLICES, "signal: latency_p99", "signal: saturation\n            region: eu");

    assertError(
        onlyError(with(yaml, "value: 250", "value: 0.8")),
        "search-latency",
        "spec.indicator.spec.thresholdMetric.metricSource.spec.region",
        "does not apply to signal saturation");
  }

  @Test
  void shouldRejectAnUnknownSignal() {
    assertError(
        onlyError(with(P99_SLICES, "signal: latency_p99", "signal: latency_p75")),
        "search-latency",
        "spec.indicator.spec.thresholdMetric.metricSource.spec.signal",
        "'latency_p75' is not a signal");
  }

  @Test
  void shouldRejectAThresholdWithoutOp() {
    assertError(
        onlyError(with(P99_SLICES, "    - op: lte\n      value", "    - value")),
        "search-latency",
        "spec.objectives[0].op",
        "is required with a thresholdMetric");
  }

  @Test
  void shouldRejectALowerBoundThreshold() {
    assertError(
        onlyError(with(P99_SLICES, "op: lte", "op: gte")),
        "search-latency",
        "spec.objectives[0].op",
        "must be lte");
  }

  @Test
  void shouldRejectANonPositiveLatencyThreshold() {
    assertError(
        onlyError(with(P99_SLICES, "value: 250", "value: 0")),
        "search-latency",
        "spec.objectives[0].value",
        "must be at least 0.001");
  }

  @Test
  void shouldRejectAMissingTimeSliceWindowForTimeslices() {
    assertError(
        onlyError(with(P99_SLICES, "\n      timeSliceWindow: 1m", "")),
        "search-latency",
        "spec.objectives[0].timeSliceWindow",
        "is required with budgetingMethod Timeslices");
  }

  @Test
  void shouldRejectATimeSliceWindowThatDoesNotDivideADay() {
    assertError(
        onlyError(with(P99_SLICES, "timeSliceWindow: 1m", "timeSliceWindow: 7m")),
        "search-latency",
        "spec.objectives[0].timeSliceWindow",
        "must divide one day");
  }

  @Test
  void shouldRejectTimeSliceFieldsWithOccurrences() {
    String yaml =
        with(AVAILABILITY, "- target: 0.999", "- target: 0.999\n      timeSliceWindow: 1m");

    assertError(
        onlyError(yaml),
        SLO,
        "spec.objectives[0].timeSliceWindow",
        "applies only to budgetingMethod Timeslices");
  }

  @Test
  void shouldRejectATimeSliceTargetWithAQuantileSignal() {
    String yaml =
        with(P99_SLICES, "timeSliceWindow: 1m", "timeSliceWindow: 1m\n      timeSliceTarget: 0.95");

    assertError(
        onlyError(yaml),
        "search-latency",
        "spec.objectives[0].timeSliceTarget",
        "a slice is good when its p99 is at most value");
  }

  @Test
  void shouldRejectAMissingTimeSliceTargetForARatioTimeslice() {
    String yaml =
        with(
            with(AVAILABILITY, "Occurrences", "Timeslices"),
            "- target: 0.999",
            "- target: 0.999\n      timeSliceWindow: 1m");

    assertError(
        onlyError(yaml),
        SLO,
        "spec.objectives[0].timeSliceTarget",
        "is required with budgetingMethod Timeslices");
  }

  @Test
  void shouldRejectASliceThatDefaultAlertWindowsCannotHold() {
    assertError(
        onlyError(with(P99_SLICES, "timeSliceWindow: 1m", "timeSliceWindow: 10m")),
        "search-latency",
        "spec.objectives[0].timeSliceWindow",
        "the default alert windows (5m, 30m, 1h, 2h, 6h, 1d, 3d) must be whole multiples");
  }

  // --- alerting

  @Test
  void shouldRejectADanglingAlertPolicy() {
    assertError(
        onlyError(policies(AVAILABILITY)),
        SLO,
        "spec.alertPolicies[0]",
        "no AlertPolicy named 'burn-rate'");
  }

  @Test
  void shouldRejectADanglingConditionRefInThePolicyDocument() {
    String yaml =
        documents(
            with(FAST_BURN_POLICY, "conditionRef: slow-burn", "conditionRef: slower-burn"),
            policies(AVAILABILITY));

    SloDefinitionError error = onlyError(yaml);

    assertError(
        error, SLO, "spec.conditions[1].conditionRef", "no AlertCondition named 'slower-burn'");
    assertThat(error.documentIndex()).isEqualTo(2);
  }

  @Test
  void shouldRejectAShortWindowThatIsNotShorterThanTheLongOne() {
    String yaml =
        documents(
            with(FAST_BURN_POLICY, "alertAfter: 5m", "alertAfter: 1h"), policies(AVAILABILITY));

    SloDefinitionError error = onlyError(yaml);

    assertError(
        error,
        SLO,
        "spec.condition.alertAfter",
        "is the short window of the pair and must be shorter than lookbackWindow (1h), was 1h");
    assertThat(error.documentIndex()).isZero();
  }

  @Test
  void shouldRejectALongWindowLongerThanThePeriod() {
    String yaml =
        documents(FAST_BURN_POLICY, policies(with(AVAILABILITY, "duration: 30d", "duration: 2d")));

    SloDefinitionError error = onlyError(yaml);

    assertError(
        error, SLO, "spec.condition.lookbackWindow", "is longer than the SLO's period (2d)");
    assertThat(error.documentIndex()).isEqualTo(1);
  }

  @Test
  void shouldRejectAnUnknownSeverity() {
    String yaml =
        documents(
            with(FAST_BURN_POLICY, "severity: page", "severity: critical"), policies(AVAILABILITY));

    assertError(onlyError(yaml), SLO, "spec.severity", "must be page or ticket, was 'critical'");
  }

  @Test
  void shouldRejectAnUnparseableLookbackWindow() {
    String yaml =
        documents(
            with(FAST_BURN_POLICY, "lookbackWindow: 1h", "lookbackWindow: an hour"),
            policies(AVAILABILITY));

    assertError(
        onlyError(yaml), SLO, "spec.condition.lookbackWindow", "'an hour' is not a duration");
  }

  @Test
  void shouldRejectALowBurnRateOperator() {
    String yaml = documents(with(FAST_BURN_POLICY, "op: gte", "op: lte"), policies(AVAILABILITY));

    assertError(onlyError(yaml), SLO, "spec.condition.op", "must be gte or gt");
  }

  @Test
  void shouldRejectAConditionKindOtherThanBurnrate() {
    String yaml =
        documents(
            with(FAST_BURN_POLICY, "kind: burnrate\n    op: gte", "kind: threshold\n    op: gte"),
            policies(AVAILABILITY));

    assertError(onlyError(yaml), SLO, "spec.condition.kind", "only kind burnrate is supported");
  }

  @Test
  void shouldRejectAnInlinePolicyOfTheWrongKind() {
    String yaml =
        with(
            AVAILABILITY,
            "  objectives:",
            "  alertPolicies:\n    - kind: AlertCondition\n      spec: {}\n  objectives:");

    assertError(onlyError(yaml), SLO, "spec.alertPolicies[0].kind", "must be AlertPolicy here");
  }

  @Test
  void shouldRejectAPolicyWithoutConditions() {
    String yaml =
        with(
            AVAILABILITY,
            "  objectives:",
            "  alertPolicies:\n    - kind: AlertPolicy\n      spec:\n        conditions: []\n  objectives:");

    assertError(
        onlyError(yaml),
        SLO,
        "spec.alertPolicies[0].spec.conditions",
        "must hold at least one condition");
  }

  // --- names across documents and files

  @Test
  void shouldRejectDuplicateSloNamesAcrossFilesKeepingTheFirst() {
    SloParseResult result =
        OpenSloParser.parse(
            List.of(
                new OpenSloParser.Source("a.yaml", AVAILABILITY),
                new OpenSloParser.Source("b.yaml", AVAILABILITY)));

    assertThat(result.definitions()).hasSize(1);
    assertThat(result.errors())
        .singleElement()
        .satisfies(
            error -> {
              assertThat(error.file()).isEqualTo("b.yaml");
              assertThat(error.sloName()).isEqualTo(SLO);
              assertThat(error.fieldPath()).isEqualTo("metadata.name");
              assertThat(error.message())
                  .isEqualTo(
                      "duplicate SLO name 'checkout-availability': already defined in a.yaml (document 0);"
                          + " this one is ignored");
            });
  }

  @Test
  void shouldRejectDuplicateConditionNames() {
    String condition = FAST_BURN_POLICY.substring(0, FAST_BURN_POLICY.indexOf("---"));
    SloParseResult result =
        OpenSloParser.parse(
            "slos.yaml", documents(condition, FAST_BURN_POLICY, policies(AVAILABILITY)));

    assertThat(result.definitions()).hasSize(1);
    assertThat(result.errors())
        .singleElement()
        .satisfies(
            error -> {
              assertThat(error.documentIndex()).isEqualTo(1);
              assertThat(error.sloName()).isNull();
              assertThat(error.message()).startsWith("duplicate AlertCondition name 'fast-burn'");
            });
  }

  // --- YAML and robustness

  @Test
  void shouldReportInvalidYamlWithItsLine() {
    SloDefinitionError error = onlyError("apiVersion: openslo/v1\nkind: [SLO\n");

    assertThat(error.fieldPath()).isEmpty();
    assertThat(error.message()).startsWith("not valid YAML at line");
  }

  @Test
  void shouldRejectAKeyGivenTwice() {
    SloDefinitionError error =
        onlyError(
            with(AVAILABILITY, "  service: checkout\n", "  service: checkout\n  service: cart\n"));

    assertThat(error.message()).contains("not valid YAML").contains("service");
  }

  @Test
  void shouldRejectADocumentThatIsNotAMapping() {
    assertError(
        onlyError("- just\n- a list\n"),
        null,
        "",
        "a document must be a mapping with apiVersion, kind, metadata and spec, was a list");
  }

  @Test
  void shouldLoadTheGoodSloWhenAnotherInTheSameFileIsBad() {
    String bad =
        with(
            with(AVAILABILITY, "name: checkout-availability", "name: checkout-bad"),
            "target: 0.999",
            "target: 99.9");
    SloParseResult result = OpenSloParser.parse("slos.yaml", documents(bad, AVAILABILITY));

    assertThat(result.definitions()).extracting(SloDefinition::id).containsExactly(SLO);
    assertThat(result.errors())
        .singleElement()
        .satisfies(
            error -> {
              assertThat(error.sloName()).isEqualTo("checkout-bad");
              assertThat(error.documentIndex()).isZero();
              assertThat(error.fieldPath()).isEqualTo("spec.objectives[0].target");
              assertThat(error.toString())
                  .isEqualTo(
                      "slos.yaml[doc 0] SLO checkout-bad: spec.objectives[0].target: must be in (0, 1),"
                          + " was '99.9'");
            });
  }

  @Test
  void shouldReportEveryIndependentErrorOfOneSlo() {
    String yaml =
        with(with(AVAILABILITY, "  service: checkout\n", ""), "target: 0.999", "target: 2");

    SloParseResult result = OpenSloParser.parse("slos.yaml", yaml);

    assertThat(result.definitions()).isEmpty();
    assertThat(result.errors())
        .extracting(SloDefinitionError::fieldPath)
        .containsExactly("spec.service", "spec.objectives[0].target");
  }

  @Test
  void shouldRejectOnlyTheSlosThatUseAnInvalidSli() {
    String sli =
        """
        apiVersion: openslo/v1
        kind: SLI
        metadata:
          name: broken
        spec:
          ratioMetric:
            total:
              metricSource:
                type: slipstream
                spec: {}
        """;
    String indicator =
        AVAILABILITY.substring(
            AVAILABILITY.indexOf("  indicator:"), AVAILABILITY.indexOf("  objectives:"));
    String usesBroken =
        with(
            with(AVAILABILITY, indicator, "  indicatorRef: broken\n"),
            "name: checkout-availability",
            "name: uses-broken");

    SloParseResult result =
        OpenSloParser.parse("slos.yaml", documents(sli, usesBroken, AVAILABILITY));

    assertThat(result.definitions()).extracting(SloDefinition::id).containsExactly(SLO);
    assertThat(result.errors())
        .singleElement()
        .satisfies(
            error -> {
              assertThat(error.sloName()).isEqualTo("uses-broken");
              assertThat(error.documentIndex()).isZero();
              assertThat(error.fieldPath()).isEqualTo("spec.ratioMetric.good");
              assertThat(error.message()).isEqualTo("is required (or bad)");
            });
  }

  /** The inline SLI example of the OpenSLO README as published: Datadog queries. */
  @Test
  void shouldNameTheMetricSourceTypeOfTheUnadaptedOpenSloReadmeExample() {
    String yaml =
        """
        apiVersion: openslo/v1
        kind: SLO
        metadata:
          name: foo-slo
          displayName: Foo SLO
        spec:
          service: foo
          budgetingMethod: Occurrences
          timeWindow:
            - duration: 28d
              isRolling: true
          indicator:
            metadata:
              name: foo-error
              displayName: Foo Error
            spec:
              ratioMetric:
                counter: true
                good:
                  metricSource:
                    metricSourceRef: datadog-datasource
                    type: Datadog
                    spec:
                      query: sum:trace.http.request.hits.by_http_status{http.status_code:200}.as_count()
                total:
                  metricSource:
                    metricSourceRef: datadog-datasource
                    type: Datadog
                    spec:
                      query: sum:trace.http.request.hits.by_http_status{*}.as_count()
          objectives:
            - displayName: Foo Total Errors
              target: 0.98
        """;

    assertError(
        onlyError(yaml),
        "foo-slo",
        INDICATOR + ".total.metricSource.type",
        "only metricSource type slipstream is supported, was 'Datadog'");
  }

  @Test
  void shouldRejectAnInvalidInlineSliName() {
    String yaml =
        with(AVAILABILITY, "  indicator:\n", "  indicator:\n    metadata:\n      name: Bad_Name\n");

    assertError(onlyError(yaml), SLO, "spec.indicator.metadata.name", "is not a valid name");
  }

  @Test
  void shouldRejectErrorsFalse() {
    assertError(
        onlyError(with(AVAILABILITY, "errors: true", "errors: false")),
        SLO,
        BAD_SPEC + ".errors",
        "errors: false selects nothing");
  }

  @Test
  void shouldReportAFileThatCannotBeReadAndLoadTheOthers(@TempDir Path directory)
      throws IOException {
    Path good = Files.writeString(directory.resolve("good.yaml"), AVAILABILITY);
    Path missing = directory.resolve("missing.yaml");

    SloParseResult result = OpenSloParser.parseFiles(List.of(missing, good));

    assertThat(result.definitions()).extracting(SloDefinition::id).containsExactly(SLO);
    assertThat(result.errors())
        .singleElement()
        .satisfies(
            error -> {
              assertThat(error.file()).isEqualTo(missing.toString());
              assertThat(error.documentIndex()).isEqualTo(-1);
              assertThat(error.message()).startsWith("cannot read file");
            });
  }
}
