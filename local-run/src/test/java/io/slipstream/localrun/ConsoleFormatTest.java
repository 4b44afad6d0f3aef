package io.slipstream.localrun;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.avro.AlertState;
import io.slipstream.avro.BurnRateEvaluation;
import io.slipstream.avro.BurnRatePair;
import io.slipstream.avro.Severity;
import io.slipstream.avro.SloAlert;
import io.slipstream.avro.WindowBurnRate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleFormatTest {

  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void shouldWriteDurationsTheWaySloSpecsDo() {
    assertThat(ConsoleFormat.duration(Duration.ZERO)).isEqualTo("0s");
    assertThat(ConsoleFormat.duration(Duration.ofSeconds(45))).isEqualTo("45s");
    assertThat(ConsoleFormat.duration(Duration.ofSeconds(125))).isEqualTo("2m05s");
    assertThat(ConsoleFormat.duration(Duration.ofMinutes(10))).isEqualTo("10m");
    assertThat(ConsoleFormat.duration(Duration.ofMinutes(65))).isEqualTo("1h05m");
    assertThat(ConsoleFormat.duration(Duration.ofHours(2))).isEqualTo("2h");
    assertThat(ConsoleFormat.duration(Duration.ofHours(51))).isEqualTo("2d03h");
    assertThat(ConsoleFormat.duration(Duration.ofMinutes(-3))).isEqualTo("-3m");
  }

  @Test
  void shouldShowSimulatedTimeSinceTheLiveRunStartedAndBeforeItInTheHistory() {
    assertThat(ConsoleFormat.simulated(START.plus(Duration.ofMinutes(65)), START))
        .isEqualTo("T+1h05m");
    assertThat(ConsoleFormat.simulated(START.minus(Duration.ofHours(3)), START)).isEqualTo("T-3h");
  }

  @Test
  void shouldShowAFiringPageWithItsPairsBurnRatesAndBudget() {
    SloAlert alert = alert(AlertState.FIRING, List.of(pair("1h", "5m", 14.4, 16.66, 171.2)), 0.921);

    assertThat(ConsoleFormat.alert(alert, START))
        .isEqualTo(
            "T+20m    PAGE    FIRING   checkout-availability (checkout)"
                + "  1h/5m 16.7x/171x > 14.4  budget left 92.1%");
  }

  @Test
  void shouldShowWhichPairsLastHeldWhenAnAlertResolves() {
    // A pair whose condition says op: gte shows it.
    BurnRatePair atOrAbove =
        BurnRatePair.newBuilder(pair("6h", "30m", 6, 8.4, null)).setOp("gte").build();
    SloAlert alert = alert(AlertState.RESOLVED, List.of(atOrAbove), -0.5);

    assertThat(ConsoleFormat.alert(alert, START))
        .contains("PAGE    RESOLVED checkout-availability (checkout)")
        .contains("last held: 6h/30m 8.4x/- >= 6.0")
        .endsWith("budget left -50.0%");
  }

  @Test
  void shouldSummariseAnSloWithItsSliBudgetAndPageWindows() {
    BurnRateEvaluation evaluation =
        BurnRateEvaluation.newBuilder()
            .setSloId("checkout-availability")
            .setSloName("Checkout availability")
            .setService("checkout")
            .setEvaluatedAt(START)
            .setTarget(0.999)
            .setPeriod("30d")
            .setPeriodGoodEvents(9_988)
            .setPeriodTotalEvents(10_000)
            .setSli(0.9988)
            .setErrorBudgetRemaining(-0.2)
            .setWindows(
                List.of(
                    window("5m", 2.0), window("30m", 1.0), window("1h", null), window("6h", 0.25)))
            .build();

    assertThat(ConsoleFormat.summary(evaluation))
        .startsWith("  checkout-availability")
        .contains("SLI 99.880%")
        .contains("budget -20.0%")
        .endsWith("burn 5m 2.0x 1h - 6h 0.3x");
  }

  @Test
  void shouldShowWhereTheLoadIsOnlyWhereNoEvaluationTimeIsShown() {
    ConsoleFormat.LoadStatus live =
        new ConsoleFormat.LoadStatus(true, true, Duration.ofMillis(172_800), 73_151, 0);
    assertThat(live.withTime()).isEqualTo("load at T+2m52s: 73,151 requests sent");
    // A summary's one T+ is the evaluation's: the load's own time is left out.
    assertThat(live.counts()).isEqualTo("73,151 requests sent");
    assertThat(new ConsoleFormat.LoadStatus(true, true, Duration.ZERO, 5, 1_200).counts())
        .isEqualTo("5 requests sent, 1,200 dropped");
    assertThat(new ConsoleFormat.LoadStatus(true, false, Duration.ZERO, 9, 0).withTime())
        .isEqualTo("playing history: 9 requests sent");
    assertThat(ConsoleFormat.LoadStatus.NOT_STARTED.withTime()).isEqualTo("load not started");
  }

  private static SloAlert alert(AlertState state, List<BurnRatePair> pairs, double budget) {
    return SloAlert.newBuilder()
        .setSloId("checkout-availability")
        .setSloName("Checkout availability")
        .setService("checkout")
        .setSeverity(Severity.PAGE)
        .setState(state)
        .setTransitionAt(START.plus(Duration.ofMinutes(20)))
        .setPairs(pairs)
        .setErrorBudgetRemaining(budget)
        .build();
  }

  private static BurnRatePair pair(
      String longWindow, String shortWindow, double threshold, Double longRate, Double shortRate) {
    return BurnRatePair.newBuilder()
        .setLongWindow(longWindow)
        .setShortWindow(shortWindow)
        .setThreshold(threshold)
        .setLongBurnRate(longRate)
        .setShortBurnRate(shortRate)
        .build();
  }

  private static WindowBurnRate window(String window, Double burnRate) {
    return WindowBurnRate.newBuilder()
        .setWindow(window)
        .setWindowMillis(0)
        .setGoodEvents(0)
        .setTotalEvents(0)
        .setBurnRate(burnRate)
        .build();
  }
}
