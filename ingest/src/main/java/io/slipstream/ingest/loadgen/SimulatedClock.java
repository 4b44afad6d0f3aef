package io.slipstream.ingest.loadgen;

import java.time.Duration;
import java.time.Instant;

/**
 * Simulated time that runs {@code acceleration} times faster than the wall clock from a start
 * instant: after 1 s of wall time at 60×, a minute of simulated time has passed. Event timestamps
 * come from it, so an hour of burn shows in a minute.
 *
 * @param start the simulated instant at wall-clock elapsed zero
 * @param acceleration simulated seconds per wall-clock second, at least 1
 */
public record SimulatedClock(Instant start, double acceleration) {

  public SimulatedClock {
    if (!(acceleration >= 1)) {
      throw new IllegalArgumentException("acceleration must be at least 1, was " + acceleration);
    }
  }

  /** Returns the simulated time elapsed after {@code wallElapsedNanos} of wall-clock time. */
  public Duration simulatedElapsed(long wallElapsedNanos) {
    return Duration.ofNanos(Math.round(wallElapsedNanos * acceleration));
  }

  /** Returns the simulated instant after {@code wallElapsedNanos} of wall-clock time. */
  public Instant simulatedInstant(long wallElapsedNanos) {
    return start.plus(simulatedElapsed(wallElapsedNanos));
  }
}
