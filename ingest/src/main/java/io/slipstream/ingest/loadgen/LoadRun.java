package io.slipstream.ingest.loadgen;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Plays traffic into an {@link EventSink} at a steady wall-clock rate for a while.
 *
 * <p>The n-th request is due {@code n / rate} seconds of wall time after the start and carries the
 * simulated instant of that moment, so timestamps are evenly spaced and advance {@code
 * acceleration} times faster than the wall clock. Resource samples of every instance are taken
 * every {@code sampleInterval} of simulated time. Silenced services skip their turn (the rate drops
 * accordingly).
 *
 * <p>The traffic generator's random draws are taken in the order the run reaches them, which
 * depends on wall-clock pacing (samples interleave with requests as time allows): a seed does not
 * make two runs send the same events. {@link SeededLoadRun} plays a {@link SeededTraffic}, whose
 * events are a function of (seed, simulated time) alone.
 */
public final class LoadRun {

  private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  /**
   * @param ratePerSecond requests per wall-clock second, positive
   * @param wallDuration how long to run on the wall clock
   * @param maxRequests stop after this many requests (Long.MAX_VALUE: no limit)
   * @param sampleInterval simulated time between two samples of an instance (zero: none)
   * @param progressInterval wall time between two progress lines (zero: none)
   */
  public record Settings(
      double ratePerSecond,
      Duration wallDuration,
      long maxRequests,
      Duration sampleInterval,
      Duration progressInterval) {

    public Settings {
      if (!(ratePerSecond > 0)) {
        throw new IllegalArgumentException("rate must be positive, was " + ratePerSecond);
      }
      Objects.requireNonNull(wallDuration, "wallDuration");
      Objects.requireNonNull(sampleInterval, "sampleInterval");
      Objects.requireNonNull(progressInterval, "progressInterval");
    }
  }

  /**
   * What a run did.
   *
   * @param requestEvents request events handed to the sink and accepted
   * @param resourceSamples resource samples handed to the sink and accepted
   * @param refused events the sink did not accept
   * @param silenced requests skipped because their service was silenced
   * @param wallTime how long the run took
   * @param simulatedTime how much simulated time it covered
   */
  public record Summary(
      long requestEvents,
      long resourceSamples,
      long refused,
      long silenced,
      Duration wallTime,
      Duration simulatedTime) {}

  private final TrafficGenerator traffic;
  private final SimulatedClock clock;
  private final Settings settings;

  public LoadRun(TrafficGenerator traffic, SimulatedClock clock, Settings settings) {
    this.traffic = traffic;
    this.clock = clock;
    this.settings = settings;
  }

  /** Runs until the wall duration passed or the request limit was reached. */
  public Summary run(EventSink sink, PrintWriter progress) {
    long start = System.nanoTime();
    long wallLimit = settings.wallDuration().toNanos();
    long sampleNanos = settings.sampleInterval().toNanos();
    long progressNanos = settings.progressInterval().toNanos();
    long nextProgress = progressNanos;
    long nextSample = 0; // in simulated nanoseconds since the start
    long requests = 0;
    long samples = 0;
    long refused = 0;
    long silenced = 0;
    long due = 0;
    long elapsed = 0;
    while (elapsed < wallLimit && due < settings.maxRequests()) {
      elapsed = Math.min(System.nanoTime() - start, wallLimit);
      long target =
          Math.min(settings.maxRequests(), (long) (settings.ratePerSecond() * elapsed / 1e9));
      for (; due < target; due++) {
        long eventWallNanos = (long) (due * 1e9 / settings.ratePerSecond());
        Instant timestamp = clock.simulatedInstant(eventWallNanos);
        Duration simElapsed = clock.simulatedElapsed(eventWallNanos);
        var request = traffic.nextRequest(timestamp, simElapsed);
        if (request.isEmpty()) {
          silenced++;
        } else if (sink.requestEvent(request.get())) {
          requests++;
        } else {
          refused++;
        }
      }
      Duration simNow = clock.simulatedElapsed(elapsed);
      while (sampleNanos > 0 && nextSample <= simNow.toNanos()) {
        Duration at = Duration.ofNanos(nextSample);
        Instant timestamp = clock.start().plus(at);
        for (String service : traffic.services()) {
          if (traffic.isSilent(service, at)) {
            continue;
          }
          for (String instance : traffic.instances(service)) {
            if (sink.resourceSample(traffic.sample(service, instance, timestamp, at))) {
              samples++;
            } else {
              refused++;
            }
          }
        }
        nextSample += sampleNanos;
      }
      if (progress != null && progressNanos > 0 && elapsed >= nextProgress) {
        progress.printf(
            "%6.1fs wall  %s simulated  %d requests  %d samples  %d refused%n",
            elapsed / 1e9, simNow.withNanos(0), requests, samples, refused);
        progress.flush();
        nextProgress += progressNanos;
      }
      if (elapsed < wallLimit && due < settings.maxRequests()) {
        LockSupport.parkNanos(TICK_NANOS);
      }
    }
    return new Summary(
        requests,
        samples,
        refused,
        silenced,
        Duration.ofNanos(System.nanoTime() - start),
        clock.simulatedElapsed(elapsed));
  }
}
