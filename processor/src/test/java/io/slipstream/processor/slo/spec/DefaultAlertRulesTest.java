package io.slipstream.processor.slo.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.slipstream.processor.slo.spec.SloDefinition.BurnRateRule;
import io.slipstream.processor.slo.spec.SloDefinition.Severity;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DefaultAlertRulesTest {

  @Test
  void shouldGiveTheWorkbookTableExactlyForAThirtyDayPeriod() {
    assertThat(DefaultAlertRules.forPeriod(Duration.ofDays(30)))
        .containsExactly(
            new BurnRateRule(Severity.PAGE, Duration.ofHours(1), Duration.ofMinutes(5), 14.4),
            new BurnRateRule(Severity.PAGE, Duration.ofHours(6), Duration.ofMinutes(30), 6),
            new BurnRateRule(Severity.TICKET, Duration.ofDays(1), Duration.ofHours(2), 3),
            new BurnRateRule(Severity.TICKET, Duration.ofDays(3), Duration.ofHours(6), 1));
  }

  @Test
  void shouldScaleTheBurnRatesToATwentyEightDayPeriod() {
    List<BurnRateRule> rules = DefaultAlertRules.forPeriod(Duration.ofDays(28));

    assertThat(rules)
        .extracting(BurnRateRule::burnRate)
        .containsExactly(13.44, 5.6, 2.8, 28.0 / 30);
    assertThat(rules.get(3).burnRate()).isCloseTo(0.93333, within(1e-5));
    assertThat(rules)
        .extracting(BurnRateRule::longWindow)
        .containsExactly(
            Duration.ofHours(1), Duration.ofHours(6), Duration.ofDays(1), Duration.ofDays(3));
  }

  @Test
  void shouldSpendTheRowsShareOfTheBudgetInOneLongWindow() {
    Duration period = Duration.ofDays(7);
    double[] budgetShare = {0.02, 0.05, 0.10, 0.10};

    List<BurnRateRule> rules = DefaultAlertRules.forPeriod(period);

    for (int i = 0; i < rules.size(); i++) {
      BurnRateRule rule = rules.get(i);
      double spent = rule.burnRate() * rule.longWindow().toMillis() / period.toMillis();
      assertThat(spent).isCloseTo(budgetShare[i], within(1e-12));
    }
  }

  @Test
  void shouldLeaveOutPairsWhoseLongWindowExceedsThePeriod() {
    assertThat(DefaultAlertRules.forPeriod(Duration.ofDays(1)))
        .extracting(BurnRateRule::longWindow)
        .containsExactly(Duration.ofHours(1), Duration.ofHours(6), Duration.ofDays(1));
  }

  @Test
  void shouldScaleACalendarMonthAsThirtyDaysAndAWeekAsSeven() {
    assertThat(SloDefinition.CalendarUnit.MONTH.nominalLength()).isEqualTo(Duration.ofDays(30));
    assertThat(DefaultAlertRules.forPeriod(SloDefinition.CalendarUnit.WEEK.nominalLength()))
        .extracting(BurnRateRule::burnRate)
        .containsExactly(3.36, 1.4, 0.7, 7.0 / 30);
  }

  @Test
  void shouldFillInTheDocumentedGuards() {
    SloDefinition.Alerting alerting = DefaultAlertRules.alertingForPeriod(Duration.ofDays(30));

    assertThat(alerting.rules()).hasSize(4);
    assertThat(alerting.minEventsInLongWindow()).isEqualTo(10);
    assertThat(alerting.noDataAfter()).isEqualTo(Duration.ofMinutes(30));
    assertThat(alerting.resolveHoldDown()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void shouldRefuseAPeriodThatIsNotPositive() {
    assertThatThrownBy(() -> DefaultAlertRules.forPeriod(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("period must be positive");
  }
}
