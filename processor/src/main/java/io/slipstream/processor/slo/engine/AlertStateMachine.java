package io.slipstream.processor.slo.engine;

import java.util.Optional;

/**
 * One alert's transitions: FIRING once when its condition starts to hold, RESOLVED once when it has
 * not held for the hold-down; nothing in between. Pure.
 */
final class AlertStateMachine {
  private AlertStateMachine() {}

  /** The next state, and the transition to publish if there is one. */
  record Step(AlertStatus status, Optional<Boolean> transitionToFiring) {}

  /**
   * @param holds whether the condition holds at {@code now}
   * @param mayFire false while a higher severity suppresses this one: it may not start firing
   * @param holdDownMs how long the condition must stay clear before a firing alert resolves
   */
  static Step step(AlertStatus current, boolean holds, boolean mayFire, long now, long holdDownMs) {
    if (!current.firing()) {
      if (holds && mayFire) {
        return new Step(new AlertStatus(true, now, now), Optional.of(true));
      }
      return new Step(current, Optional.empty());
    }
    if (holds) {
      return new Step(new AlertStatus(true, current.since(), now), Optional.empty());
    }
    if (now - current.lastHeld() >= holdDownMs) {
      return new Step(new AlertStatus(false, now, current.lastHeld()), Optional.of(false));
    }
    return new Step(current, Optional.empty());
  }
}
