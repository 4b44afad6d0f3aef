package io.slipstream.processor.slo.spec;

import static io.slipstream.processor.slo.spec.SpecYaml.AVAILABILITY;
import static io.slipstream.processor.slo.spec.SpecYaml.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipstream.processor.slo.spec.Indicator.GoodCriterion;
import io.slipstream.processor.slo.spec.SloDefinition.Alerting;
import io.slipstream.processor.slo.spec.SloDefinition.Budgeting;
import io.slipstream.processor.slo.spec.SloDefinition.BurnRateRule;
import io.slipstream.processor.slo.spec.SloDefinition.Severity;
import io.slipstream.processor.slo.spec.SloDefinition.SliceCondition;
import io.slipstream.processor.slo.spec.SloDefinition.TimeWindow;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class OpenSloWriterTest {
  // Surefire runs in the module directory; the examples live one level up.
  private static final Path EXAMPLES = Path.of("..", "examples", "slos");

  private static SloDefinition readBack(String yaml) {
    SloParseResult result = OpenSloParser.parse("written.yaml", yaml);
    assertThat(result.errors()).as(result.errorReport()).isEmpty();
    assertThat(result.definitions()).hasSize(1);
    return result.definitions().get(0);
  }

  private static SloDefinition parseOne(String yaml) {
    SloParseResult result = OpenSloParser.parse("test.yaml", yaml);
    assertThat(result.errors()).as(result.errorReport()).isEmpty();
    return result.definitions().get(0);
  }

  /** The availability SLO of {@link SpecYaml}, with {@code change} applied to it. */
  private static SloDefinition availability(UnaryOperator<Builder> change) {
    return change.apply(new Builder(parseOne(AVAILABILITY))).build();
  }

  @Test
  void shouldReadBackEveryExampleDefinitionFromItsOwnSelfContainedDocument() throws IOException {
    SloParseResult examples = OpenSloParser.parseDirectory(EXAMPLES);
    assertThat(examples.errors()).as(examples.errorReport()).isEmpty();
    assertThat(examples.definitions()).hasSize(6);

    for (SloDefinition definition : examples.definitions()) {
      String yaml = OpenSloWriter.write(definition);

      assertThat(readBack(yaml)).as(yaml).isEqualTo(definition);
      assertThat(yaml).as("self-contained").doesNotContain("Ref:").doesNotContain("---");
    }
  }

  @Test
  void shouldWriteTheSameTextForTheSameDefinition() throws IOException {
    for (SloDefinition definition : OpenSloParser.parseDirectory(EXAMPLES).definitions()) {
      String once = OpenSloWriter.write(definition);
      String again = OpenSloWriter.write(readBack(once));

      assertThat(again).isEqualTo(once);
    }
  }

  @Test
  void shouldWriteTheDefaultRulesAsExplicitConditionsInKubectlStyle() {
    SloDefinition definition =
        availability(
            b ->
                b.labels(Map.of("team", "checkout", "tier", "1"))
                    .annotations(Map.of("slipstream.io/runbook-url", "https://runbooks.example"))
                    .runbookUrl("https://runbooks.example"));

    String yaml = OpenSloWriter.write(definition);

    assertThat(yaml)
        .startsWith(
            """
            apiVersion: openslo/v1
            kind: SLO
            metadata:
              name: checkout-availability
              displayName: checkout-availability
              labels:
                team: checkout
                tier: "1"
              annotations:
                slipstream.io/runbook-url: https://runbooks.example
            spec:
              service: checkout
              budgetingMethod: Occurrences
              timeWindow:
                - duration: 30d
                  isRolling: true
              indicator:
                metadata:
                  name: checkout-availability
                spec:
                  ratioMetric:
                    counter: true
                    bad:
                      metricSource:
                        type: slipstream
                        spec:
                          errors: true
                    total:
                      metricSource:
                        type: slipstream
                        spec: {}
              objectives:
                - target: 0.999
              alertPolicies:
                - kind: AlertPolicy
                  metadata:
                    name: burn-rate
                  spec:
                    conditions:
                      - kind: AlertCondition
                        metadata:
                          name: page-1h-5m
                        spec:
                          severity: page
                          condition:
                            kind: burnrate
                            op: gt
                            threshold: 14.4
                            lookbackWindow: 1h
                            alertAfter: 5m
            """)
        .endsWith(
            """
              alerting:
                minEvents: 10
                noDataAfter: 30m
                resolveHoldDown: 2m
            """);
    assertThat(yaml).contains("threshold: 6\n", "threshold: 3\n", "threshold: 1\n");
    assertThat(readBack(yaml)).isEqualTo(definition);
  }

  @Test
  void shouldWriteNoRulesAsAnEmptyPolicyListRatherThanFallingBackToTheDefaults() {
    SloDefinition definition =
        availability(b -> b.alerting(new Alerting(List.of(), 0, null, Duration.ZERO)));

    String yaml = OpenSloWriter.write(definition);

    assertThat(yaml)
        .contains(
            "  alertPolicies: []\n",
            "    minEvents: 0\n",
            "    noDataAfter: none\n",
            "    resolveHoldDown: 0\n");
    assertThat(readBack(yaml).alerting().rules()).isEmpty();
  }

  @Test
  void shouldKeepGuardAnnotationsAsTheyAreWhileTheAlertingBlockDecides() {
    Map<String, String> annotations =
        Map.of("slipstream.io/min-events", "30", "slipstream.io/no-data-after", "15m");
    SloDefinition definition =
        availability(
            b ->
                b.annotations(annotations)
                    .alerting(
                        new Alerting(
                            DefaultAlertRules.forPeriod(Duration.ofDays(30)),
                            5,
                            Duration.ofHours(1),
                            Duration.ofMinutes(2))));

    SloDefinition back = readBack(OpenSloWriter.write(definition));

    assertThat(back).isEqualTo(definition);
    assertThat(back.annotations()).isEqualTo(annotations);
    assertThat(back.alerting().minEventsInLongWindow()).isEqualTo(5);
  }

  @Test
  void shouldWriteFractionalLatencyThresholdsAsMillisecondsThatReadBackToTheSameMicros() {
    for (long micros : new long[] {1, 500, 1_001, 250_000, 299_999, 123_456_789_012L}) {
      SloDefinition definition =
          availability(
              b ->
                  b.indicator(
                      new Indicator(
                          new EventSelector(List.of("GET *"), Set.of(), Set.of(), Set.of()),
                          new GoodCriterion.LatencyAtMost(micros),
                          Indicator.Kind.REQUESTS)));

      String yaml = OpenSloWriter.write(definition);

      assertThat(readBack(yaml)).isEqualTo(definition);
    }
    SloDefinition halfMillisecond =
        availability(
            b ->
                b.indicator(
                    new Indicator(
                        EventSelector.any(),
                        new GoodCriterion.LatencyAtMost(500),
                        Indicator.Kind.REQUESTS)));
    assertThat(OpenSloWriter.write(halfMillisecond)).contains("value: 0.5\n");
  }

  @Test
  void shouldWriteDoublesThatReadBackExactly() {
    for (double target : new double[] {0.999, 0.9995, 1e-12, 0.1 + 0.2, 1 - Math.ulp(1.0), 0.5}) {
      SloDefinition definition = availability(b -> b.target(target));

      assertThat(readBack(OpenSloWriter.write(definition)).target()).isEqualTo(target);
    }
  }

  @Test
  void shouldQuoteStringsThatYamlWouldReadAsSomethingElse() {
    Map<String, String> labels =
        Map.of("a", "1e3", "b", "true", "c", "null", "d", "", "e", "0x1F", "f", " padded ");
    SloDefinition definition =
        availability(b -> b.labels(labels).displayName("yes").description("two\nlines"));

    String yaml = OpenSloWriter.write(definition);

    assertThat(yaml).contains("displayName: \"yes\"", "description: |-\n    two\n    lines\n");
    assertThat(readBack(yaml)).isEqualTo(definition);
  }

  @Test
  void shouldWriteSelectorsWithStatusCodesAsNumbersAndClassesAsText() {
    EventSelector selector =
        new EventSelector(
            List.of("POST /checkout*", "GET /cart"),
            Set.of("ERROR", "TIMEOUT"),
            Set.of("5xx", "429"),
            Set.of("eu-west-1"));
    SloDefinition definition =
        availability(
            b ->
                b.indicator(
                    new Indicator(
                        EventSelector.any(),
                        new GoodCriterion.DoesNotMatch(selector),
                        Indicator.Kind.REQUESTS)));

    String yaml = OpenSloWriter.write(definition);

    assertThat(yaml)
        .contains(
            """
                          operation:
                            - POST /checkout*
                            - GET /cart
                          outcome:
                            - ERROR
                            - TIMEOUT
                          statusClass: 5xx
                          statusCode: 429
                          region: eu-west-1
            """);
    assertThat(readBack(yaml)).isEqualTo(definition);
  }

  @Test
  void shouldWriteQuantileSlicesWithTheirSignalAndNoSliceTarget() {
    SloDefinition definition = parseOne(SpecYaml.P99_SLICES);

    String yaml = OpenSloWriter.write(definition);

    assertThat(yaml).contains("signal: latency_p99").doesNotContain("timeSliceTarget");
    assertThat(readBack(yaml)).isEqualTo(definition);
  }

  @Test
  void shouldRefuseDefinitionsTheParserCouldNeverProduce() {
    assertThatThrownBy(() -> OpenSloWriter.write(availability(b -> b.displayName(" padded"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("displayName");
    assertThatThrownBy(
            () ->
                OpenSloWriter.write(
                    availability(b -> b.annotations(Map.of("slipstream.io/typo", "1")))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("slipstream.io/typo");
    assertThatThrownBy(() -> OpenSloWriter.write(availability(b -> b.runbookUrl("https://x"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("runbookUrl");
    assertThatThrownBy(
            () ->
                OpenSloWriter.write(
                    availability(
                        b ->
                            b.budgeting(
                                new Budgeting.Timeslices(
                                    Duration.ofMinutes(1),
                                    new SliceCondition.LatencyQuantileAtMost(0.99, 1_000))))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("latency quantile");
    assertThatThrownBy(
            () ->
                OpenSloWriter.write(
                    availability(
                        b ->
                            b.alerting(
                                new Alerting(
                                    List.of(
                                        new BurnRateRule(
                                            Severity.PAGE,
                                            Duration.ofDays(31),
                                            Duration.ofDays(1),
                                            1)),
                                    10,
                                    null,
                                    Duration.ZERO)))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lookbackWindow")
        .hasMessageContaining("longer than the SLO's period");
    assertThatThrownBy(
            () ->
                OpenSloWriter.write(
                    availability(b -> b.window(new TimeWindow.Rolling(Duration.ofNanos(1))))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("milliseconds");
  }

  @Test
  void shouldStillReadTheOriginalWhenTheDocumentIsEditedByHand() {
    // The written text is a normal OpenSLO file: people may edit it and publish it again.
    String yaml = OpenSloWriter.write(parseOne(AVAILABILITY));

    SloDefinition edited = readBack(with(yaml, "target: 0.999", "target: 0.99"));

    assertThat(edited.target()).isEqualTo(0.99);
  }

  @Test
  void shouldLeaveOutEmptyOptionalFields() {
    String yaml = OpenSloWriter.write(parseOne(AVAILABILITY));

    assertThat(yaml).doesNotContain("labels", "annotations", "description");
    assertThat(readBack(yaml)).isEqualTo(parseOne(AVAILABILITY));
  }

  /** A mutable copy of a definition, for tests that vary one component. */
  static final class Builder {
    private String id;
    private String displayName;
    private String service;
    private String description;
    private Indicator indicator;
    private double target;
    private TimeWindow window;
    private Budgeting budgeting;
    private Alerting alerting;
    private Map<String, String> labels;
    private Map<String, String> annotations;
    private String runbookUrl;

    Builder(SloDefinition d) {
      id = d.id();
      displayName = d.displayName();
      service = d.service();
      description = d.description();
      indicator = d.indicator();
      target = d.target();
      window = d.window();
      budgeting = d.budgeting();
      alerting = d.alerting();
      labels = d.labels();
      annotations = d.annotations();
      runbookUrl = d.runbookUrl();
    }

    Builder displayName(String value) {
      displayName = value;
      return this;
    }

    Builder description(String value) {
      description = value;
      return this;
    }

    Builder indicator(Indicator value) {
      indicator = value;
      return this;
    }

    Builder target(double value) {
      target = value;
      return this;
    }

    Builder window(TimeWindow value) {
      window = value;
      return this;
    }

    Builder budgeting(Budgeting value) {
      budgeting = value;
      return this;
    }

    Builder alerting(Alerting value) {
      alerting = value;
      return this;
    }

    Builder labels(Map<String, String> value) {
      labels = value;
      return this;
    }

    Builder annotations(Map<String, String> value) {
      annotations = value;
      return this;
    }

    Builder runbookUrl(String value) {
      runbookUrl = value;
      return this;
    }

    SloDefinition build() {
      return new SloDefinition(
          id,
          displayName,
          service,
          description,
          indicator,
          target,
          window,
          budgeting,
          alerting,
          labels,
          annotations,
          runbookUrl);
    }
  }
}
