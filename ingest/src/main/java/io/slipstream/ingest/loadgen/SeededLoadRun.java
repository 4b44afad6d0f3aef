package io.slipstream.ingest.loadgen;

import io.slipstream.avro.RequestEvent;
import io.slipstream.avro.ResourceSample;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Plays a range of a {@link SeededTraffic}'s simulated time into an {@link EventSink}, paced by the
 * wall clock: simulated time runs {@code acceleration} times faster than the wall clock from the
 * range's start, and each slot is handed over, whole and in order, as soon as simulated time has
 * reached its end (at 60x a 100 ms slot is due every 1.7 ms of wall time; after a stall, every slot
 * that fell due is sent at once).
 *
 * <p>Pacing decides only <em>when</em> a slot is sent. Which events exist, and their timestamps,
 * are the traffic's alone: a slow sink, a GC pause, another acceleration or a range cut in two
 * (history fast, then live) hands over the same events.
 */
public final class SeededLoadRun {

  private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  private final SeededTraffic traffic;
  private final long fromNanos;
  private final long untilNanos;
  private final double acceleration;
  private final LongSupplier nanoTime;
  private final LongConsumer pause;
  private volatile long playedNanos;

  /**
   * @param traffic what to play
   * @param from where the range starts, in simulated time since T+0 (negative: before it)
   * @param until where it ends (exclusive), after {@code from}
   * @param acceleration simulated seconds per wall-clock second, at least 1
   */
  public SeededLoadRun(SeededTraffic traffic, Duration from, Duration until, double acceleration) {
    this(traffic, from, until, acceleration, System::nanoTime, LockSupport::parkNanos);
  }

  /** With the wall clock and the pause between two looks at it given, for tests. */
  SeededLoadRun(
      SeededTraffic traffic,
      Duration from,
      Duration until,
      double acceleration,
      LongSupplier nanoTime,
      LongConsumer pause) {
    if (until.compareTo(from) <= 0) {
      throw new IllegalArgumentException("the range [" + from + ", " + until + ") is empty");
    }
    if (!(acceleration >= 1)) {
      throw new IllegalArgumentException("acceleration must be at least 1, was " + acceleration);
    }
    this.traffic = Objects.requireNonNull(traffic, "traffic");
    this.fromNanos = from.toNanos();
    this.untilNanos = until.toNanos();
    this.acceleration = acceleration;
    this.nanoTime = nanoTime;
    this.pause = pause;
    this.playedNanos = fromNanos;
  }

  /**
   * Returns the simulated time since T+0 up to which every event has been handed over: the range's
   * start before the first slot, its end once played. Readable from any thread.
   */
  public Duration played() {
    return Duration.ofNanos(playedNanos);
  }

  /**
   * Plays the range to its end, or until {@code stopRequested} returns true (asked before every
   * slot); the calling thread runs the sink.
   *
   * @return what it did; its simulated time is how much of the range was played
   */
  public LoadRun.Summary run(EventSink sink, BooleanSupplier stopRequested) {
    long wallStart = nanoTime.getAsLong();
    Instant from = traffic.start().plusNanos(fromNanos);
    Instant until = traffic.start().plusNanos(untilNanos);
    long next = SeededTraffic.slotOf(Duration.ofNanos(fromNanos));
    long last = SeededTraffic.slotOf(Duration.ofNanos(untilNanos - 1));
    long requests = 0;
    long samples = 0;
    long refused = 0;
    long silenced = 0;
    playing:
    while (next <= last) {
      long wallElapsed = nanoTime.getAsLong() - wallStart;
      long now =
          fromNanos + (long) Math.min((double) wallElapsed * acceleration, untilNanos - fromNanos);
      for (; next <= last; next++) {
        long slotEnd = Math.min((next + 1) * SeededTraffic.SLOT_NANOS, untilNanos);
        if (slotEnd > now) {
          break;
        }
        if (stopRequested.getAsBoolean()) {
          break playing;
        }
        SeededTraffic.Slot slot = traffic.slot(next);
        // Only the range's first and last slots can reach beyond it.
        boolean edge = next == last || (next * SeededTraffic.SLOT_NANOS) < fromNanos;
        for (RequestEvent event : slot.requests()) {
          if (edge && !within(event.getTimestamp(), from, until)) {
            continue;
          }
          if (sink.requestEvent(event)) {
            requests++;
          } else {
            refused++;
          }
        }
        for (ResourceSample sample : slot.samples()) {
          if (edge && !within(sample.getTimestamp(), from, until)) {
            continue;
          }
          if (sink.resourceSample(sample)) {
            samples++;
          } else {
            refused++;
          }
        }
        silenced += slot.silenced();
        playedNanos = slotEnd;
      }
      if (next <= last) {
        pause.accept(TICK_NANOS);
      }
    }
    return new LoadRun.Summary(
        requests,
        samples,
        refused,
        silenced,
        Duration.ofNanos(nanoTime.getAsLong() - wallStart),
        Duration.ofNanos(playedNanos - fromNanos));
  }

  private static boolean within(Instant timestamp, Instant from, Instant until) {
    return !timestamp.isBefore(from) && timestamp.isBefore(until);
  }
}
