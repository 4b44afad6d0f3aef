package io.slipstream.alertmanager.delivery;

/** What one {@code POST /api/v2/alerts} to one Alertmanager came to. */
public sealed interface PostOutcome {

  /** Alertmanager answered 2xx: it has the alerts. */
  record Accepted(int status) implements PostOutcome {}

  /**
   * Alertmanager refused the alerts themselves (400, 422, 413, ...): sending the same body again
   * would be refused again.
   */
  record Rejected(int status, String body) implements PostOutcome {}

  /**
   * Worth trying again: an I/O error or time-out, a 5xx, 408 or 429, an answer that points at this
   * bridge's configuration rather than the alert (401, 403, 404, 405, 407, 3xx), or the circuit
   * breaker is open and no request was sent ({@code paused}).
   */
  record Failed(String reason, boolean paused) implements PostOutcome {}
}
