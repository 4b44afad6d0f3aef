package io.slipstream.localrun;

import io.slipstream.avro.AlertState;
import io.slipstream.avro.SloAlert;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * Which alert transitions the console shows: those of the live run, in pairs. A transition in the
 * history is not shown (the history is a pre-roll whose windows start empty, so what they say is
 * noise), and neither is the resolution of an alert whose firing was not shown, so the console
 * never says an alert resolved without having said that it fired. Not thread-safe: the console's
 * thread only.
 */
final class ShownAlerts {
  private final Instant liveFrom;
  private final Set<String> firingShown = new HashSet<>();

  /**
   * @param liveFrom where the history ends and the live run begins (T+0)
   */
  ShownAlerts(Instant liveFrom) {
    this.liveFrom = liveFrom;
  }

  /** Whether to show {@code alert}; called once per transition, in the order they were made. */
  boolean show(SloAlert alert) {
    // An instance of a grouped SLO fires and resolves on its own.
    String key =
        alert.getSloId() + '{' + alert.getGroupKey() + '}' + '\u0000' + alert.getSeverity();
    if (alert.getState() == AlertState.FIRING) {
      if (alert.getTransitionAt().isBefore(liveFrom)) {
        return false;
      }
      firingShown.add(key);
      return true;
    }
    return firingShown.remove(key);
  }
}
