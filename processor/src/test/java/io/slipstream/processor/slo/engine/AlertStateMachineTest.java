package io.slipstream.processor.slo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** One alert's transitions: each published once, a resolve only after the hold-down. */
class AlertStateMachineTest {
  private static final long T0 = 1_700_000_000_000L;
  private static final long TICK = 10_000;
  private static final long HOLD_DOWN = 120_000;

  @Test
  void shouldFireOnceWhenTheConditionStartsToHold() {
    AlertStateMachine.Step first = AlertStateMachine.step(AlertStatus.INACTIVE, true, true, T0, 0);
    assertThat(first.transitionToFiring()).contains(true);
    assertThat(first.status()).isEqualTo(new AlertStatus(true, T0, T0));

    AlertStateMachine.Step second =
        AlertStateMachine.step(first.status(), true, true, T0 + TICK, 0);
    assertThat(second.transitionToFiring()).as("already firing: nothing to publish").isEmpty();
    assertThat(second.status()).isEqualTo(new AlertStatus(true, T0, T0 + TICK));
  }

  @Test
  void shouldNotStartFiringWhileSuppressedButKeepFiringIfAlreadyFiring() {
    AlertStateMachine.Step suppressed =
        AlertStateMachine.step(AlertStatus.INACTIVE, true, false, T0, 0);
    assertThat(suppressed.transitionToFiring()).isEmpty();
    assertThat(suppressed.status()).isEqualTo(AlertStatus.INACTIVE);

    AlertStatus firing = new AlertStatus(true, T0, T0);
    assertThat(AlertStateMachine.step(firing, true, false, T0 + TICK, 0).status().firing())
        .as("suppression stops a start, not an alert already firing")
        .isTrue();
  }

  @Test
  void shouldResolveOnlyOnceTheConditionHasBeenClearForTheHoldDown() {
    AlertStatus status = new AlertStatus(true, T0, T0);
    long now = T0;
    Optional<Boolean> transition = Optional.empty();
    while (transition.isEmpty()) {
      now += TICK;
      AlertStateMachine.Step step = AlertStateMachine.step(status, false, true, now, HOLD_DOWN);
      status = step.status();
      transition = step.transitionToFiring();
    }
    assertThat(transition).contains(false);
    assertThat(now - T0)
        .as("resolved the first tick the hold-down has passed")
        .isEqualTo(HOLD_DOWN);
    assertThat(status).isEqualTo(new AlertStatus(false, now, T0));
  }

  @Test
  void shouldRestartTheHoldDownWhenTheConditionHoldsAgain() {
    AlertStatus status = new AlertStatus(true, T0, T0);
    status = AlertStateMachine.step(status, false, true, T0 + 100_000, HOLD_DOWN).status();
    AlertStateMachine.Step heldAgain =
        AlertStateMachine.step(status, true, true, T0 + 110_000, HOLD_DOWN);
    assertThat(heldAgain.transitionToFiring()).isEmpty();
    AlertStateMachine.Step clearAgain =
        AlertStateMachine.step(heldAgain.status(), false, true, T0 + 200_000, HOLD_DOWN);
    assertThat(clearAgain.transitionToFiring()).as("only 90 s clear since it last held").isEmpty();
    assertThat(
            AlertStateMachine.step(clearAgain.status(), false, true, T0 + 230_000, HOLD_DOWN)
                .transitionToFiring())
        .contains(false);
  }

  @Test
  void shouldResolveAtTheFirstClearTickWithoutHoldDown() {
    AlertStateMachine.Step step =
        AlertStateMachine.step(new AlertStatus(true, T0, T0), false, true, T0 + TICK, 0);
    assertThat(step.transitionToFiring()).contains(false);
  }
}
