package io.slipstream.processor.slo.arithmetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The Workbook's arithmetic on the Workbook's own numbers. */
class BurnRateMathTest {
  private static final long THIRTY_DAYS = Duration.ofDays(30).toMillis();

  @Test
  void shouldBurnAtOneWhenTheErrorRatioEqualsTheBudget() {
    // 99.9 %: one bad event in a thousand spends the budget exactly as fast as the period allows.
    assertThat(BurnRateMath.burnRate(999, 1_000, 0.999)).isCloseTo(1.0, within(1e-9));
    // The Workbook's page threshold: 2 % of the budget in an hour of a 30-day period is 14.4.
    assertThat(BurnRateMath.burnRate(985_600, 1_000_000, 0.999)).isCloseTo(14.4, within(1e-9));
    assertThat(BurnRateMath.burnRate(0, 0, 0.999)).as("nothing counted").isNull();
  }

  @Test
  void shouldCountTheSliAndTheBudgetFromEventCounts() {
    assertThat(BurnRateMath.sli(998, 1_000)).isEqualTo(0.998);
    assertThat(BurnRateMath.sli(0, 0)).isNull();
    assertThat(BurnRateMath.budgetRemaining(1_000, 1_000, 0.999)).isEqualTo(1.0);
    assertThat(BurnRateMath.budgetRemaining(999_500, 1_000_000, 0.999))
        .as("half the budget spent")
        .isCloseTo(0.5, within(1e-9));
    assertThat(BurnRateMath.budgetRemaining(997_000, 1_000_000, 0.999))
        .as("overspent: negative, not clamped")
        .isCloseTo(-2.0, within(1e-9));
    assertThat(BurnRateMath.budgetRemaining(0, 0, 0.999)).as("nothing counted").isEqualTo(1.0);
  }

  @Test
  void shouldExpressEventsAsFractionsOfTheBudget() {
    assertThat(BurnRateMath.budgetEvents(1_000_000, 0.999)).isCloseTo(1_000.0, within(1e-6));
    assertThat(BurnRateMath.budgetFraction(250, 1_000_000, 0.999)).isCloseTo(0.25, within(1e-9));
    assertThat(BurnRateMath.budgetFraction(250, 0, 0.999)).isNull();
  }

  @Test
  void shouldSayHowLongTheBudgetLastsAtABurnRate() {
    // A whole budget at burn rate 1 lasts the period; half of it at 14.4 lasts period / 28.8.
    assertThat(BurnRateMath.timeToExhaustionMs(1.0, 1.0, THIRTY_DAYS)).isEqualTo(THIRTY_DAYS);
    assertThat(BurnRateMath.timeToExhaustionMs(0.5, 14.4, THIRTY_DAYS))
        .isEqualTo((long) (0.5 * THIRTY_DAYS / 14.4));
    assertThat(BurnRateMath.timeToExhaustionMs(-0.1, 2.0, THIRTY_DAYS)).as("spent").isZero();
    assertThat(BurnRateMath.timeToExhaustionMs(0.5, 0.0, THIRTY_DAYS)).as("not burning").isNull();
    assertThat(BurnRateMath.timeToExhaustionMs(0.5, null, THIRTY_DAYS)).isNull();
  }
}
