package io.slipstream.ingest.loadgen;

import io.slipstream.avro.RequestEvent;
import io.slipstream.avro.ResourceSample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The traffic of a simulation as a pure function of (seed, simulated time): the same seed gives the
 * same events at the same simulated instants, however fast, slowly or irregularly they are played.
 *
 * <p>Simulated time is measured from {@code start} (T+0, negative before it) and cut into slots of
 * {@link #SLOT} (100 ms). Request {@code n} (any integer, negative before T+0) finishes {@code
 * floor(n × 10⁹ / requestsPerSecond)} ns after T+0, so requests are evenly spaced as in {@link
 * LoadRun}; every instance of every service not silenced is sampled at each multiple of the sample
 * interval. Everything random about a slot's events (service, operation, latency, failure, trace
 * ids, sample values) is drawn from a generator seeded by the seed and the slot's index alone, so a
 * slot's events do not depend on which slots were made before it, or when. Incidents apply as in
 * {@link TrafficGenerator}, at their offsets from T+0. Not thread-safe.
 */
public final class SeededTraffic {

  /** The unit of generation: every slot's events come from their own seeded generator. */
  public static final Duration SLOT = Duration.ofMillis(100);

  static final long SLOT_NANOS = SLOT.toNanos();

  /**
   * The events of one slot, {@code [index × SLOT, (index + 1) × SLOT)} after T+0.
   *
   * @param index the slot's index (negative before T+0)
   * @param requests its request events, in time order
   * @param samples its resource samples, in time order
   * @param silenced requests not made because their service was silenced
   */
  public record Slot(
      long index, List<RequestEvent> requests, List<ResourceSample> samples, int silenced) {

    public Slot {
      requests = List.copyOf(requests);
      samples = List.copyOf(samples);
    }
  }

  private final long seed;
  private final TrafficGenerator traffic;
  private final Instant start;
  private final double nanosPerRequest;
  private final long sampleNanos;

  /**
   * @param seed the seed every slot's generator is derived from
   * @param serviceCount N services, at least 1
   * @param operationCount M operations per service, at least 1
   * @param profile baseline and incidents, in simulated time since {@code start}
   * @param start the simulated instant T+0
   * @param requestsPerSecond requests per simulated second over all services, positive
   * @param sampleInterval simulated time between two samples of an instance (zero: none)
   */
  public SeededTraffic(
      long seed,
      int serviceCount,
      int operationCount,
      TrafficProfile profile,
      Instant start,
      double requestsPerSecond,
      Duration sampleInterval) {
    if (!(requestsPerSecond > 0 && Double.isFinite(requestsPerSecond))) {
      throw new IllegalArgumentException("rate must be positive, was " + requestsPerSecond);
    }
    if (sampleInterval.isNegative()) {
      throw new IllegalArgumentException("sample interval must not be negative: " + sampleInterval);
    }
    this.seed = seed;
    // Its own generator is never used: every draw comes from the slot's.
    this.traffic =
        new TrafficGenerator(serviceCount, operationCount, profile, new SplittableRandom(seed));
    this.start = Objects.requireNonNull(start, "start");
    this.nanosPerRequest = 1e9 / requestsPerSecond;
    this.sampleNanos = sampleInterval.toNanos();
  }

  /** Returns T+0, the simulated instant slot 0 starts at. */
  public Instant start() {
    return start;
  }

  /** Returns the index of the slot holding the simulated instant {@code elapsed} after T+0. */
  public static long slotOf(Duration elapsed) {
    return Math.floorDiv(elapsed.toNanos(), SLOT_NANOS);
  }

  /** Makes the events of slot {@code index}: the same for the same seed and index, every time. */
  public Slot slot(long index) {
    long from = index * SLOT_NANOS;
    long until = from + SLOT_NANOS;
    SplittableRandom requestRandom = new SplittableRandom(slotSeed(seed, index));
    // Split before any request is drawn, so samples do not depend on how many requests there are.
    SplittableRandom sampleRandom = requestRandom.split();
    List<RequestEvent> requests = new ArrayList<>();
    int silenced = 0;
    for (long n = firstRequestAtOrAfter(from); requestOffset(n) < until; n++) {
      long offset = requestOffset(n);
      var request =
          traffic.nextRequest(start.plusNanos(offset), Duration.ofNanos(offset), requestRandom);
      if (request.isPresent()) {
        requests.add(request.get());
      } else {
        silenced++;
      }
    }
    List<ResourceSample> samples = new ArrayList<>();
    if (sampleNanos > 0) {
      for (long at = ceilDiv(from, sampleNanos) * sampleNanos; at < until; at += sampleNanos) {
        Duration elapsed = Duration.ofNanos(at);
        Instant timestamp = start.plusNanos(at);
        for (String service : traffic.services()) {
          if (traffic.isSilent(service, elapsed)) {
            continue;
          }
          for (String instance : traffic.instances(service)) {
            samples.add(traffic.sample(service, instance, timestamp, elapsed, sampleRandom));
          }
        }
      }
    }
    return new Slot(index, requests, samples, silenced);
  }

  /** Nanoseconds from T+0 to request {@code n}. */
  private long requestOffset(long n) {
    return (long) Math.floor(n * nanosPerRequest);
  }

  /** The first request at or after {@code offset} ns from T+0, consistent with requestOffset. */
  private long firstRequestAtOrAfter(long offset) {
    long n = (long) Math.ceil(offset / nanosPerRequest);
    while (requestOffset(n - 1) >= offset) {
      n--;
    }
    while (requestOffset(n) < offset) {
      n++;
    }
    return n;
  }

  private static long ceilDiv(long x, long y) {
    return -Math.floorDiv(-x, y);
  }

  /** A well-mixed seed per (seed, slot): neighbouring slots get unrelated generators. */
  static long slotSeed(long seed, long slot) {
    return mix(seed ^ mix(slot * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L));
  }

  /** SplitMix64's finalizer. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
