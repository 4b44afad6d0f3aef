package io.slipstream.processor.slo.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.processor.slo.spec.Indicator.GoodCriterion;
import io.slipstream.processor.slo.spec.SloDefinition.Budgeting;
import io.slipstream.processor.slo.spec.SloDefinition.BurnRateRule;
import io.slipstream.processor.slo.spec.SloDefinition.CalendarUnit;
import io.slipstream.processor.slo.spec.SloDefinition.SliceCondition;
import io.slipstream.processor.slo.spec.SloDefinition.TimeWindow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The SLO files the demo loads ({@code examples/slos} at the repository root) stay valid. */
class ExampleSlosTest {
  // Surefire runs in the module directory; the examples live one level up.
  private static final Path EXAMPLES = Path.of("..", "examples", "slos");

  private static SloParseResult result;
  private static Map<String, SloDefinition> byId;

  @BeforeAll
  static void parseExamples() throws IOException {
    assertThat(EXAMPLES).isDirectory();
    result = OpenSloParser.parseDirectory(EXAMPLES);
    byId =
        result.definitions().stream()
            .collect(Collectors.toMap(SloDefinition::id, Function.identity()));
  }

  @Test
  void shouldParseEveryExampleFileWithoutErrors() throws IOException {
    assertThat(result.errors()).as(result.errorReport()).isEmpty();
    try (var files = Files.list(EXAMPLES)) {
      assertThat(files.filter(file -> file.toString().endsWith(".yaml")).count()).isEqualTo(6);
    }
    assertThat(byId)
        .containsOnlyKeys(
            "checkout-availability",
            "checkout-availability-by-customer",
            "checkout-latency",
            "search-latency-p99",
            "payments-availability",
            "checkout-saturation");
    assertThat(result.definitions())
        .extracting(SloDefinition::service)
        .containsOnly("checkout", "search", "payments");
  }

  @Test
  void shouldDescribeCheckoutAvailabilityAsErrorsOverThirtyRollingDays() {
    SloDefinition slo = byId.get("checkout-availability");

    assertThat(slo.target()).isEqualTo(0.999);
    assertThat(slo.window()).isEqualTo(new TimeWindow.Rolling(Duration.ofDays(30)));
    assertThat(slo.indicator().good()).isEqualTo(new GoodCriterion.NotAnError());
    assertThat(slo.alerting().rules())
        .extracting(BurnRateRule::burnRate)
        .containsExactly(14.4, 6.0, 3.0, 1.0);
  }

  @Test
  void shouldDescribeCheckoutLatencyAsGetRequestsUnderThreeHundredMilliseconds() {
    SloDefinition slo = byId.get("checkout-latency");

    assertThat(slo.target()).isEqualTo(0.99);
    assertThat(slo.budgeting()).isEqualTo(new Budgeting.Occurrences());
    assertThat(slo.indicator().total().operations()).containsExactly("GET *");
    assertThat(slo.indicator().good()).isEqualTo(new GoodCriterion.LatencyAtMost(300_000));
  }

  @Test
  void shouldDescribeSearchLatencyAsMinutesWithP99UnderTwoHundredFiftyMilliseconds() {
    SloDefinition slo = byId.get("search-latency-p99");

    assertThat(slo.window()).isEqualTo(new TimeWindow.Rolling(Duration.ofDays(28)));
    assertThat(slo.budgeting())
        .isEqualTo(
            new Budgeting.Timeslices(
                Duration.ofMinutes(1), new SliceCondition.LatencyQuantileAtMost(0.99, 250_000)));
    assertThat(slo.alerting().minEventsInLongWindow()).isEqualTo(30);
  }

  @Test
  void shouldDescribePaymentsAsACalendarMonthInParisWithItsOwnAlertPolicy() {
    SloDefinition slo = byId.get("payments-availability");

    assertThat(slo.target()).isEqualTo(0.9995);
    assertThat(slo.window())
        .isEqualTo(new TimeWindow.Calendar(CalendarUnit.MONTH, ZoneId.of("Europe/Paris")));
    assertThat(slo.alerting().rules())
        .extracting(BurnRateRule::burnRate)
        .containsExactly(14.4, 6.0, 1.0);
    assertThat(slo.alerting().noDataAfter()).isEqualTo(Duration.ofMinutes(15));
    assertThat(slo.labels()).containsEntry("compliance", "pci,sox");
  }

  @Test
  void shouldParseTheSloOfTheExampleProducersService() throws IOException {
    SloParseResult producers =
        OpenSloParser.parseDirectory(Path.of("..", "examples", "producers", "slos"));

    assertThat(producers.errors()).as(producers.errorReport()).isEmpty();
    assertThat(producers.definitions())
        .singleElement()
        .satisfies(
            slo -> {
              assertThat(slo.id()).isEqualTo("orders-availability");
              assertThat(slo.service()).isEqualTo("orders");
              assertThat(slo.indicator().good()).isEqualTo(new GoodCriterion.NotAnError());
            });
  }

  @Test
  void shouldDescribeCheckoutSaturationAsMinutesAtOrBelowEightyPercent() {
    SloDefinition slo = byId.get("checkout-saturation");

    assertThat(slo.target()).isEqualTo(0.95);
    assertThat(slo.indicator().kind()).isEqualTo(Indicator.Kind.SATURATION);
    assertThat(slo.budgeting())
        .isEqualTo(
            new Budgeting.Timeslices(
                Duration.ofMinutes(1), new SliceCondition.SaturationAtMost(0.8)));
  }
}
