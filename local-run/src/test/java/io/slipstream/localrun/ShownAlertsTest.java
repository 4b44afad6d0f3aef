package io.slipstream.localrun;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.avro.AlertState;
import io.slipstream.avro.Severity;
import io.slipstream.avro.SloAlert;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShownAlertsTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void shouldShowALiveFiringAndItsResolution() {
    ShownAlerts shown = new ShownAlerts(T0);
    assertThat(shown.show(alert("a", Severity.PAGE, AlertState.FIRING, 5))).isTrue();
    assertThat(shown.show(alert("a", Severity.PAGE, AlertState.RESOLVED, 40))).isTrue();
  }

  @Test
  void shouldShowNeitherHalfOfAnAlertThatFiredInTheHistory() {
    ShownAlerts shown = new ShownAlerts(T0);
    assertThat(shown.show(alert("a", Severity.NO_DATA, AlertState.FIRING, -90))).isFalse();
    assertThat(shown.show(alert("a", Severity.NO_DATA, AlertState.RESOLVED, 1))).isFalse();
  }

  @Test
  void shouldNeverShowAResolutionWithoutItsFiring() {
    ShownAlerts shown = new ShownAlerts(T0);
    assertThat(shown.show(alert("a", Severity.NO_DATA, AlertState.RESOLVED, 1))).isFalse();
    // Each SLO and severity is paired on its own.
    assertThat(shown.show(alert("a", Severity.TICKET, AlertState.FIRING, 3))).isTrue();
    assertThat(shown.show(alert("a", Severity.PAGE, AlertState.RESOLVED, 4))).isFalse();
    assertThat(shown.show(alert("b", Severity.TICKET, AlertState.RESOLVED, 4))).isFalse();
    assertThat(shown.show(alert("a", Severity.TICKET, AlertState.RESOLVED, 9))).isTrue();
    assertThat(shown.show(alert("a", Severity.TICKET, AlertState.RESOLVED, 10))).isFalse();
  }

  private static SloAlert alert(String slo, Severity severity, AlertState state, long minutes) {
    return SloAlert.newBuilder()
        .setSloId(slo)
        .setSloName(slo)
        .setService("checkout")
        .setSeverity(severity)
        .setState(state)
        .setTransitionAt(T0.plus(Duration.ofMinutes(minutes)))
        .setPairs(List.of())
        .setErrorBudgetRemaining(1.0)
        .build();
  }
}
