package io.slipstream.processor.slo.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipstream.processor.slo.spec.SloDefinition.BurnRateRule;
import io.slipstream.processor.slo.spec.SloDefinition.Severity;
import io.slipstream.processor.slo.spec.SloDefinition.TimeWindow;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SloDefinitionTest {

  private static SloDefinition definition(double target) {
    return new SloDefinition(
        "checkout-availability",
        null,
        "checkout",
        null,
        new Indicator(
            EventSelector.any(), new Indicator.GoodCriterion.NotAnError(), Indicator.Kind.REQUESTS),
        target,
        new TimeWindow.Rolling(Duration.ofDays(30)),
        new SloDefinition.Budgeting.Occurrences(),
        DefaultAlertRules.alertingForPeriod(Duration.ofDays(30)),
        Map.of(),
        Map.of(),
        null);
  }

  @Test
  void shouldDefaultDisplayNameToTheIdAndTextsToEmpty() {
    SloDefinition slo = definition(0.999);

    assertThat(slo.displayName()).isEqualTo("checkout-availability");
    assertThat(slo.description()).isEmpty();
    assertThat(slo.runbookUrl()).isEmpty();
  }

  @Test
  void shouldRefuseATargetOfOne() {
    assertThatThrownBy(() -> definition(1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("target must be in (0, 1)");
  }

  @Test
  void shouldGiveCalendarWindowsTheirNominalLength() {
    assertThat(
            new TimeWindow.Calendar(SloDefinition.CalendarUnit.MONTH, ZoneId.of("UTC"))
                .nominalLength())
        .isEqualTo(Duration.ofDays(30));
    assertThat(
            new TimeWindow.Calendar(SloDefinition.CalendarUnit.WEEK, ZoneId.of("UTC"))
                .nominalLength())
        .isEqualTo(Duration.ofDays(7));
    assertThat(new TimeWindow.Rolling(Duration.ofDays(28)).nominalLength())
        .isEqualTo(Duration.ofDays(28));
  }

  @Test
  void shouldRefuseABurnRateRuleWhoseShortWindowIsNotShorter() {
    assertThatThrownBy(
            () -> new BurnRateRule(Severity.PAGE, Duration.ofHours(1), Duration.ofHours(1), 14.4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be shorter than long window");
  }

  @Test
  void shouldRefuseANonPositiveBurnRate() {
    assertThatThrownBy(
            () -> new BurnRateRule(Severity.PAGE, Duration.ofHours(1), Duration.ofMinutes(5), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("burn rate must be positive");
  }

  @Test
  void shouldRefuseANegativeMinimumEventCount() {
    assertThatThrownBy(
            () -> new SloDefinition.Alerting(java.util.List.of(), -1, null, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("minEventsInLongWindow");
  }
}
