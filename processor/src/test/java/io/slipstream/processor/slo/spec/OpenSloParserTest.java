package io.slipstream.processor.slo.spec;

import static io.slipstream.processor.slo.spec.SpecYaml.AVAILABILITY;
import static io.slipstream.processor.slo.spec.SpecYaml.FAST_BURN_POLICY;
import static io.slipstream.processor.slo.spec.SpecYaml.P99_SLICES;
import static io.slipstream.processor.slo.spec.SpecYaml.documents;
import static io.slipstream.processor.slo.spec.SpecYaml.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.slipstream.processor.slo.spec.Indicator.GoodCriterion;
import io.slipstream.processor.slo.spec.SloDefinition.Budgeting;
import io.slipstream.processor.slo.spec.SloDefinition.BurnRateRule;
import io.slipstream.processor.slo.spec.SloDefinition.CalendarUnit;
import io.slipstream.processor.slo.spec.SloDefinition.Severity;
import io.slipstream.processor.slo.spec.SloDefinition.SliceCondition;
import io.slipstream.processor.slo.spec.SloDefinition.TimeWindow;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenSloParserTest {

  private static SloDefinition parseOne(String yaml) {
    SloParseResult result = OpenSloParser.parse("test.yaml", yaml);
    assertThat(result.errors()).as(result.errorReport()).isEmpty();
    assertThat(result.definitions()).hasSize(1);
    return result.definitions().get(0);
  }

  private static void assertBurnRates(SloDefinition slo, double... expected) {
    assertThat(slo.alerting().rules()).hasSize(expected.length);
    for (int i = 0; i < expected.length; i++) {
      assertThat(slo.alerting().rules().get(i).burnRate()).isCloseTo(expected[i], within(1e-9));
    }
  }

  @Test
  void shouldParseAnAvailabilitySloWithMetadataAndDefaults() {
    String yaml =
        with(
            AVAILABILITY,
            "  name: checkout-availability\n",
            """
              name: checkout-availability
              displayName: Checkout availability
              labels:
                team: checkout
                tier: 1
                tags:
                  - revenue
                  - web
              annotations:
                slipstream.io/runbook-url: https://runbooks.example.com/checkout
                example.com/owner: alice
            """);
    yaml = with(yaml, "  service: checkout\n", "  service: checkout\n  description: Works.\n");

    SloDefinition slo = parseOne(yaml);

    assertThat(slo.id()).isEqualTo("checkout-availability");
    assertThat(slo.displayName()).isEqualTo("Checkout availability");
    assertThat(slo.service()).isEqualTo("checkout");
    assertThat(slo.description()).isEqualTo("Works.");
    assertThat(slo.target()).isEqualTo(0.999);
    assertThat(slo.errorBudget()).isCloseTo(0.001, within(1e-12));
    assertThat(slo.window()).isEqualTo(new TimeWindow.Rolling(Duration.ofDays(30)));
    assertThat(slo.budgeting()).isEqualTo(new Budgeting.Occurrences());
    assertThat(slo.indicator())
        .isEqualTo(
            new Indicator(
                EventSelector.any(), new GoodCriterion.NotAnError(), Indicator.Kind.REQUESTS));
    assertThat(slo.labels())
        .isEqualTo(Map.of("team", "checkout", "tier", "1", "tags", "revenue,web"));
    assertThat(slo.annotations())
        .containsEntry("example.com/owner", "alice")
        .containsEntry("slipstream.io/runbook-url", "https://runbooks.example.com/checkout");
    assertThat(slo.runbookUrl()).isEqualTo("https://runbooks.example.com/checkout");
    assertThat(slo.alerting()).isEqualTo(DefaultAlertRules.alertingForPeriod(Duration.ofDays(30)));
    assertThat(slo.alerting().rules())
        .extracting(BurnRateRule::burnRate)
        .containsExactly(14.4, 6.0, 3.0, 1.0);
  }

  @Test
  void shouldUseTheNameAsDisplayNameAndLeaveDescriptionAndRunbookEmptyWhenNotGiven() {
    SloDefinition slo = parseOne(AVAILABILITY);

    assertThat(slo.displayName()).isEqualTo("checkout-availability");
    assertThat(slo.description()).isEmpty();
    assertThat(slo.runbookUrl()).isEmpty();
    assertThat(slo.labels()).isEmpty();
  }

  @Test
  void shouldTakeTheRunbookFromTheRunbookUrlAnnotationToo() {
    String yaml =
        with(
            AVAILABILITY,
            "  name: checkout-availability\n",
            """
              name: checkout-availability
              annotations:
                runbook_url: https://wiki.example.com/runbook
            """);

    assertThat(parseOne(yaml).runbookUrl()).isEqualTo("https://wiki.example.com/runbook");
  }

  @Test
  void shouldMapAGoodSelectorToMatchesWithNormalisedValues() {
    String yaml =
        with(
            AVAILABILITY,
            """
                    bad:
                      metricSource:
                        type: slipstream
                        spec:
                          errors: true
            """,
            """
                    good:
                      metricSource:
                        type: Slipstream
                        spec:
                          outcome: [success, CANCELLED]
                          statusClass: 2XX
                          statusCode: [304, "429"]
            """);
    yaml =
        with(
            yaml,
            "            spec: {}\n",
            """
                        spec:
                          operation: ["GET /cart*", "POST /checkout"]
                          region: eu-west-1
            """);

    Indicator indicator = parseOne(yaml).indicator();

    assertThat(indicator.total())
        .isEqualTo(
            new EventSelector(
                List.of("GET /cart*", "POST /checkout"), Set.of(), Set.of(), Set.of("eu-west-1")));
    assertThat(indicator.good())
        .isEqualTo(
            new GoodCriterion.Matches(
                new EventSelector(
                    List.of(),
                    Set.of("SUCCESS", "CANCELLED"),
                    Set.of("2xx", "304", "429"),
                    Set.of())));
  }

  @Test
  void shouldMapABadSelectorToDoesNotMatch() {
    String yaml =
        with(
            AVAILABILITY,
            "              errors: true\n",
            "              statusClass: [5xx]\n              outcome: TIMEOUT\n");

    assertThat(parseOne(yaml).indicator().good())
        .isEqualTo(
            new GoodCriterion.DoesNotMatch(
                new EventSelector(List.of(), Set.of("TIMEOUT"), Set.of("5xx"), Set.of())));
  }

  @Test
  void shouldReadTargetPercentAsTheSameTargetAsItsRatio() {
    String yaml = with(AVAILABILITY, "target: 0.999", "targetPercent: 99.95");

    assertThat(parseOne(yaml).target()).isEqualTo(0.9995);
  }

  @Test
  void shouldMapALatencyThresholdToLatencyAtMostInMicrosecondsWithFiltersOnTotal() {
    String yaml =
        """
        apiVersion: openslo/v1
        kind: SLO
        metadata:
          name: checkout-latency
        spec:
          service: checkout
          budgetingMethod: Occurrences
          timeWindow:
            - duration: 30d
              isRolling: true
          indicator:
            spec:
              thresholdMetric:
                metricSource:
                  type: slipstream
                  spec:
                    signal: latency
                    operation: "GET *"
                    outcome: SUCCESS
          objectives:
            - op: lte
              value: 300.5
              target: 0.99
        """;

    SloDefinition slo = parseOne(yaml);

    assertThat(slo.indicator())
        .isEqualTo(
            new Indicator(
                new EventSelector(List.of("GET *"), Set.of("SUCCESS"), Set.of(), Set.of()),
                new GoodCriterion.LatencyAtMost(300_500, Optional.empty()),
                Indicator.Kind.REQUESTS));
    assertThat(slo.budgeting()).isEqualTo(new Budgeting.Occurrences());
  }

  @ParameterizedTest
  @CsvSource({
    "latency_p50, 0.5",
    "latency_p90, 0.9",
    "latency_p95, 0.95",
    "latency_p99, 0.99",
    "latency_p999, 0.999"
  })
  void shouldMapALatencyQuantileTimesliceToLatencyQuantileAtMost(String signal, double quantile) {
    SloDefinition slo = parseOne(with(P99_SLICES, "latency_p99", signal));

    assertThat(slo.budgeting())
        .isEqualTo(
            new Budgeting.Timeslices(
                Duration.ofMinutes(1),
                new SliceCondition.LatencyQuantileAtMost(quantile, 250_000)));
    assertThat(slo.indicator().kind()).isEqualTo(Indicator.Kind.REQUESTS);
    assertThat(slo.indicator().good()).isEqualTo(new GoodCriterion.LatencyAtMost(250_000));
  }

  @Test
  void shouldAcceptATimeSliceTargetOfOneWithAQuantileSignal() {
    String yaml =
        with(P99_SLICES, "timeSliceWindow: 1m", "timeSliceWindow: 1m\n      timeSliceTarget: 1");

    assertThat(parseOne(yaml).budgeting())
        .isEqualTo(
            new Budgeting.Timeslices(
                Duration.ofMinutes(1), new SliceCondition.LatencyQuantileAtMost(0.99, 250_000)));
  }

  @Test
  void shouldMapSaturationTimeslicesToSaturationAtMost() {
    String yaml =
        with(
            with(P99_SLICES, "signal: latency_p99", "signal: saturation"),
            "value: 250",
            "value: 0.8");

    SloDefinition slo = parseOne(yaml);

    assertThat(slo.indicator().kind()).isEqualTo(Indicator.Kind.SATURATION);
    assertThat(slo.indicator().total()).isEqualTo(EventSelector.any());
    assertThat(slo.budgeting())
        .isEqualTo(
            new Budgeting.Timeslices(
                Duration.ofMinutes(1), new SliceCondition.SaturationAtMost(0.8)));
  }

  @Test
  void shouldMapARatioTimesliceToRatioAtLeastTheTimeSliceTarget() {
    String yaml = with(AVAILABILITY, "Occurrences", "Timeslices");
    yaml =
        with(
            yaml,
            "- target: 0.999",
            "- target: 0.999\n      timeSliceTarget: 0.95\n      timeSliceWindow: 5m");

    SloDefinition slo = parseOne(yaml);

    assertThat(slo.indicator().good()).isEqualTo(new GoodCriterion.NotAnError());
    assertThat(slo.budgeting())
        .isEqualTo(
            new Budgeting.Timeslices(Duration.ofMinutes(5), new SliceCondition.RatioAtLeast(0.95)));
  }

  @Test
  void shouldMapAPerRequestLatencyTimesliceToRatioAtLeastOfFastRequests() {
    String yaml = with(P99_SLICES, "signal: latency_p99", "signal: latency");
    yaml = with(yaml, "timeSliceWindow: 1m", "timeSliceWindow: 1m\n      timeSliceTarget: 0.9");

    SloDefinition slo = parseOne(yaml);

    assertThat(slo.indicator().good()).isEqualTo(new GoodCriterion.LatencyAtMost(250_000));
    assertThat(slo.budgeting())
        .isEqualTo(
            new Budgeting.Timeslices(Duration.ofMinutes(1), new SliceCondition.RatioAtLeast(0.9)));
  }

  @Test
  void shouldReadATimeSliceWindowGivenAsABareNumberAsMinutes() {
    SloDefinition slo = parseOne(with(P99_SLICES, "timeSliceWindow: 1m", "timeSliceWindow: 5"));

    assertThat(((Budgeting.Timeslices) slo.budgeting()).sliceSize())
        .isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void shouldMapACalendarMonthInItsTimeZone() {
    String yaml =
        with(
            AVAILABILITY,
            "    - duration: 30d\n      isRolling: true\n",
            """
                - duration: 1M
                  isRolling: false
                  calendar:
                    startTime: 2024-01-01 00:00:00
                    timeZone: Europe/Paris
            """);

    SloDefinition slo = parseOne(yaml);

    assertThat(slo.window())
        .isEqualTo(new TimeWindow.Calendar(CalendarUnit.MONTH, ZoneId.of("Europe/Paris")));
    assertThat(slo.alerting().rules())
        .extracting(BurnRateRule::burnRate)
        .containsExactly(14.4, 6.0, 3.0, 1.0);
  }

  @Test
  void shouldMapACalendarWeekWhenIsRollingIsLeftOutBesideACalendar() {
    String yaml =
        with(
            AVAILABILITY,
            "    - duration: 30d\n      isRolling: true\n",
            """
                - duration: 1w
                  calendar:
                    startTime: 2024-01-01
                    timeZone: UTC
            """);

    SloDefinition slo = parseOne(yaml);

    assertThat(slo.window())
        .isEqualTo(new TimeWindow.Calendar(CalendarUnit.WEEK, ZoneId.of("UTC")));
    assertBurnRates(slo, 3.36, 1.4, 0.7, 0.23333333333);
  }

  @Test
  void shouldResolveAnIndicatorRefToAnSliInAnotherFile() {
    String sli =
        """
        apiVersion: openslo/v1
        kind: SLI
        metadata:
          name: checkout-errors
        spec:
          ratioMetric:
            bad:
              metricSource:
                type: slipstream
                spec:
                  errors: true
            total:
              metricSource:
                type: slipstream
                spec:
                  operation: "POST /checkout"
        """;
    String slo =
        with(
            AVAILABILITY,
            AVAILABILITY.substring(
                AVAILABILITY.indexOf("  indicator:"), AVAILABILITY.indexOf("  objectives:")),
            "  indicatorRef: checkout-errors\n");

    SloParseResult result =
        OpenSloParser.parse(
            List.of(
                new OpenSloParser.Source("slo.yaml", slo),
                new OpenSloParser.Source("sli.yaml", sli)));

    assertThat(result.errors()).as(result.errorReport()).isEmpty();
    assertThat(result.definitions())
        .singleElement()
        .satisfies(
            definition -> {
              assertThat(definition.indicator().total().operations())
                  .containsExactly("POST /checkout");
              assertThat(definition.indicator().good()).isEqualTo(new GoodCriterion.NotAnError());
            });
  }

  @Test
  void shouldTurnReferencedAlertPoliciesAndConditionsIntoBurnRateRules() {
    String yaml =
        documents(
            FAST_BURN_POLICY,
            with(AVAILABILITY, "  objectives:", "  alertPolicies: [burn-rate]\n  objectives:"));

    SloDefinition slo = parseOne(yaml);

    assertThat(slo.alerting().rules())
        .containsExactly(
            // op: gte as written: reaching the rate is enough.
            new BurnRateRule(Severity.PAGE, Duration.ofHours(1), Duration.ofMinutes(5), 14.4, true),
            new BurnRateRule(Severity.TICKET, Duration.ofDays(3), Duration.ofHours(6), 1));
    assertThat(slo.alerting().minEventsInLongWindow())
        .isEqualTo(DefaultAlertRules.DEFAULT_MIN_EVENTS_IN_LONG_WINDOW);
  }

  @Test
  void shouldAcceptAnAlertPolicyRefObject() {
    String yaml =
        documents(
            FAST_BURN_POLICY,
            with(
                AVAILABILITY,
                "  objectives:",
                "  alertPolicies:\n    - alertPolicyRef: burn-rate\n  objectives:"));

    assertThat(parseOne(yaml).alerting().rules()).hasSize(2);
  }

  @Test
  void shouldReadAnInlineAlertPolicyWithAnInlineCondition() {
    String policy =
        """
          alertPolicies:
            - kind: AlertPolicy
              metadata:
                name: inline-policy
              spec:
                conditions:
                  - kind: AlertCondition
                    metadata:
                      name: inline-condition
                    spec:
                      severity: PAGE
                      condition:
                        kind: burnrate
                        op: gte
                        threshold: 2
                        lookbackWindow: 2h
                        alertAfter: 10m
          objectives:\
        """;

    SloDefinition slo = parseOne(with(AVAILABILITY, "  objectives:", policy));

    assertThat(slo.alerting().rules())
        .containsExactly(
            new BurnRateRule(Severity.PAGE, Duration.ofHours(2), Duration.ofMinutes(10), 2, true));
  }

  @Test
  void shouldTakeATwelfthOfTheLookbackWindowAsShortWindowWhenAlertAfterIsLeftOut() {
    String yaml =
        documents(
            with(FAST_BURN_POLICY, "    alertAfter: 5m\n", ""),
            with(AVAILABILITY, "  objectives:", "  alertPolicies: [burn-rate]\n  objectives:"));

    assertThat(parseOne(yaml).alerting().rules().get(0).shortWindow())
        .isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void shouldHaveNoBurnRateRulesWhenAlertPoliciesIsAnEmptyList() {
    SloDefinition slo =
        parseOne(with(AVAILABILITY, "  objectives:", "  alertPolicies: []\n  objectives:"));

    assertThat(slo.alerting().rules()).isEmpty();
  }

  @Test
  void shouldReadTheGuardsFromSlipstreamAnnotations() {
    String yaml =
        with(
            AVAILABILITY,
            "  name: checkout-availability\n",
            """
              name: checkout-availability
              annotations:
                slipstream.io/min-events: "50"
                slipstream.io/no-data-after: none
                slipstream.io/resolve-hold-down: 10m
            """);

    SloDefinition.Alerting alerting = parseOne(yaml).alerting();

    assertThat(alerting.minEventsInLongWindow()).isEqualTo(50);
    assertThat(alerting.noDataAfter()).isNull();
    assertThat(alerting.resolveHoldDown()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void shouldPreferTheSpecAlertingBlockOverAnnotations() {
    String yaml =
        with(
            AVAILABILITY,
            "  name: checkout-availability\n",
            """
              name: checkout-availability
              annotations:
                slipstream.io/min-events: "50"
            """);
    yaml =
        with(
            yaml,
            "  objectives:",
            """
              alerting:
                minEvents: 5
                noDataAfter: 1h
                resolveHoldDown: 0
              objectives:\
            """);

    SloDefinition.Alerting alerting = parseOne(yaml).alerting();

    assertThat(alerting.minEventsInLongWindow()).isEqualTo(5);
    assertThat(alerting.noDataAfter()).isEqualTo(Duration.ofHours(1));
    assertThat(alerting.resolveHoldDown()).isZero();
  }

  @Test
  void shouldAcceptAndIgnoreServiceDataSourceAndNotificationTargetDocuments() {
    String yaml =
        documents(
            """
            apiVersion: openslo/v1
            kind: Service
            metadata:
              name: checkout
            spec:
              description: The checkout
            """,
            """
            apiVersion: openslo/v1
            kind: DataSource
            metadata:
              name: prometheus
            spec:
              type: Prometheus
              connectionDetails:
                url: http://prometheus:9090
            """,
            """
            apiVersion: openslo/v1
            kind: AlertNotificationTarget
            metadata:
              name: OnCallDevopsMailNotification
            spec:
              target: email
            """,
            AVAILABILITY);

    assertThat(parseOne(yaml).id()).isEqualTo("checkout-availability");
  }

  @Test
  void shouldCountAnEmptyDocumentWithoutCheckingIt() {
    String bad = with(AVAILABILITY, "target: 0.999", "target: 2");

    SloParseResult result =
        OpenSloParser.parse("test.yaml", "# comment\n---\n# empty\n---\n" + bad + "---\n");

    assertThat(result.errors())
        .singleElement()
        .satisfies(error -> assertThat(error.documentIndex()).isEqualTo(1));
  }

  @Test
  void shouldResolveAMetricSourceRefToADataSourceOfTypeSlipstream() {
    String yaml =
        documents(
            """
            apiVersion: openslo/v1
            kind: DataSource
            metadata:
              name: slipstream-events
            spec:
              type: slipstream
            """,
            AVAILABILITY.replace("type: slipstream", "metricSourceRef: slipstream-events"));

    assertThat(parseOne(yaml).indicator().good()).isEqualTo(new GoodCriterion.NotAnError());
  }

  /**
   * The inline SLI example of the OpenSLO README (spec section "SLI"), adapted: metric sources of
   * type slipstream with event selectors instead of Datadog queries, and the budgeting method and
   * time window the README leaves out but Slipstream needs.
   */
  @Test
  void shouldParseTheOpenSloReadmeRatioMetricExampleAdaptedToSlipstream() {
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
                    metricSourceRef: slipstream-datasource
                    type: slipstream
                    spec:
                      statusCode: 200
                total:
                  metricSource:
                    metricSourceRef: slipstream-datasource
                    type: slipstream
                    spec: {}
          objectives:
            - displayName: Foo Total Errors
              target: 0.98
        """;

    SloDefinition slo = parseOne(yaml);

    assertThat(slo.displayName()).isEqualTo("Foo SLO");
    assertThat(slo.target()).isEqualTo(0.98);
    assertThat(slo.indicator().good())
        .isEqualTo(
            new GoodCriterion.Matches(
                new EventSelector(List.of(), Set.of(), Set.of("200"), Set.of())));
    assertBurnRates(slo, 13.44, 5.6, 2.8, 0.93333333333);
  }
}
