package io.slipstream.ingest.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipstream.avro.Outcome;
import io.slipstream.avro.RequestEvent;
import io.slipstream.avro.ResourceSample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

class SeededLoadRunTest {

  private static final Instant START = Instant.parse("2025-01-01T12:00:00Z");

  /** 20 requests per simulated second; an error spike, a latency regression and a silence. */
  private static SeededTraffic traffic(long seed) {
    TrafficProfile profile =
        new TrafficProfile(
            0.001,
            new LognormalLatency(20_000, 0.4),
            List.of(
                Incident.parse("error-spike:service=checkout,start=2m,duration=3m,error-ratio=0.3"),
                Incident.parse("latency:service=payments,start=4m,duration=2m,factor=3"),
                Incident.parse("silence:service=catalog,start=5m,duration=1m")));
    return new SeededTraffic(seed, 3, 4, profile, START, 20, Duration.ofSeconds(10));
  }

  /** Plays [from, until) at {@code acceleration} with the wall clock {@code wall}. */
  private static Played play(
      SeededTraffic traffic,
      Duration from,
      Duration until,
      double acceleration,
      LongSupplier wall) {
    Played played = new Played();
    SeededLoadRun run =
        new SeededLoadRun(traffic, from, until, acceleration, wall, nanos -> played.pauses++);
    played.summary = run.run(played, () -> false);
    played.end = run.played();
    return played;
  }

  /** A wall clock that has passed any deadline at its first look after the start. */
  private static LongSupplier allAtOnce() {
    long[] looks = {0};
    return () -> looks[0]++ == 0 ? 0 : Long.MAX_VALUE / 2;
  }

  /** A wall clock advancing 0 to {@code maxStepMillis} ms at a time, at random. */
  private static LongSupplier irregular(long seed, long maxStepMillis) {
    SplittableRandom random = new SplittableRandom(seed);
    long[] now = {0};
    return () -> now[0] += random.nextLong(maxStepMillis * 1_000_000 + 1);
  }

  @Test
  void shouldHandOverTheSameEventsInOneGoAsInManyIrregularStepsAtAnyAcceleration() {
    Duration from = Duration.ofMinutes(-3);
    Duration until = Duration.ofMinutes(8);

    Played oneGo = play(traffic(7), from, until, 60, allAtOnce());
    Played steps = play(traffic(7), from, until, 60, irregular(1, 25));
    Played fasterSteps = play(traffic(7), from, until, 1_500, irregular(2, 3));

    assertThat(oneGo.requests).hasSize(11 * 60 * 20 - (int) oneGo.summary.silenced());
    assertThat(oneGo.summary.silenced()).isPositive();
    assertThat(oneGo.requests).filteredOn(e -> e.getOutcome() == Outcome.ERROR).isNotEmpty();
    assertThat(steps.requests).isEqualTo(oneGo.requests);
    assertThat(steps.samples).isEqualTo(oneGo.samples);
    assertThat(fasterSteps.requests).isEqualTo(oneGo.requests);
    assertThat(fasterSteps.samples).isEqualTo(oneGo.samples);
    assertThat(List.of(oneGo.end, steps.end, fasterSteps.end)).containsOnly(until);
    assertThat(oneGo.pauses).isZero();
    assertThat(steps.pauses).as("looks at the wall clock").isGreaterThan(500);
    assertThat(fasterSteps.pauses).as("looks at the wall clock").isGreaterThan(100);
    assertThat(steps.summary.simulatedTime()).isEqualTo(Duration.ofMinutes(11));
  }

  @Test
  void shouldPlayAHistoryThenALiveRunAsTheEventsOfOneRange() {
    Duration historyStart = Duration.ofMinutes(-30).plusMillis(50); // inside a slot
    Played whole = play(traffic(7), historyStart, Duration.ofMinutes(10), 60, irregular(3, 5));

    Played history = play(traffic(7), historyStart, Duration.ZERO, 1_500, allAtOnce());
    Played live = play(traffic(7), Duration.ZERO, Duration.ofMinutes(10), 60, irregular(4, 40));

    List<RequestEvent> requests = new ArrayList<>(history.requests);
    requests.addAll(live.requests);
    List<ResourceSample> samples = new ArrayList<>(history.samples);
    samples.addAll(live.samples);
    assertThat(requests).isEqualTo(whole.requests);
    assertThat(samples).isEqualTo(whole.samples);
    assertThat(history.requests)
        .allSatisfy(
            e ->
                assertThat(e.getTimestamp())
                    .isAfterOrEqualTo(START.plus(historyStart))
                    .isBefore(START));
  }

  @Test
  void shouldMakeOtherEventsWithAnotherSeed() {
    Played seven = play(traffic(7), Duration.ZERO, Duration.ofMinutes(1), 60, allAtOnce());
    Played eight = play(traffic(8), Duration.ZERO, Duration.ofMinutes(1), 60, allAtOnce());

    assertThat(eight.requests).hasSameSizeAs(seven.requests).isNotEqualTo(seven.requests);
    assertThat(eight.samples).hasSameSizeAs(seven.samples).isNotEqualTo(seven.samples);
    // Only the draws differ: the timestamps are the rate's.
    assertThat(eight.requests)
        .extracting(RequestEvent::getTimestamp)
        .isEqualTo(seven.requests.stream().map(RequestEvent::getTimestamp).toList());
  }

  @Test
  void shouldSpaceRequestsEvenlyAndSampleEveryInstanceAtEachInterval() {
    Played played = play(traffic(7), Duration.ZERO, Duration.ofMinutes(1), 60, allAtOnce());

    assertThat(played.requests).hasSize(1_200);
    for (int n = 0; n < 1_200; n++) {
      assertThat(played.requests.get(n).getTimestamp()).isEqualTo(START.plusMillis(50L * n));
    }
    // 3 services × 2 instances at 0s, 10s, ..., 50s.
    assertThat(played.samples).hasSize(36);
    assertThat(played.samples)
        .extracting(ResourceSample::getTimestamp)
        .containsOnly(
            START,
            START.plusSeconds(10),
            START.plusSeconds(20),
            START.plusSeconds(30),
            START.plusSeconds(40),
            START.plusSeconds(50));
  }

  @Test
  void shouldMakeASlotTheSameWhicheverSlotsCameBeforeIt() {
    SeededTraffic forwards = traffic(7);
    SeededTraffic backwards = traffic(7);
    forwards.slot(-4);
    SeededTraffic.Slot afterOthers = forwards.slot(1_234);

    assertThat(backwards.slot(1_234)).isEqualTo(afterOthers);
    assertThat(afterOthers.requests())
        .extracting(RequestEvent::getTimestamp)
        .allSatisfy(
            t ->
                assertThat(t)
                    .isAfterOrEqualTo(START.plusMillis(123_400))
                    .isBefore(START.plusMillis(123_500)));
  }

  @Test
  void shouldStopBetweenSlotsWhenAsked() {
    Played played = new Played();
    int[] asked = {0};
    SeededLoadRun run =
        new SeededLoadRun(
            traffic(7), Duration.ZERO, Duration.ofHours(1), 60, allAtOnce(), nanos -> {});

    LoadRun.Summary summary = run.run(played, () -> ++asked[0] > 10);

    assertThat(run.played()).isEqualTo(SeededTraffic.SLOT.multipliedBy(10));
    assertThat(summary.simulatedTime()).isEqualTo(Duration.ofSeconds(1));
    assertThat(played.requests).hasSize(20);
  }

  @Test
  void shouldRefuseAnEmptyRange() {
    assertThatThrownBy(() -> new SeededLoadRun(traffic(7), Duration.ZERO, Duration.ZERO, 60))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
  }

  private static final class Played implements EventSink {
    final List<RequestEvent> requests = new ArrayList<>();
    final List<ResourceSample> samples = new ArrayList<>();
    LoadRun.Summary summary;
    Duration end;
    int pauses;

    @Override
    public boolean requestEvent(RequestEvent event) {
      requests.add(event);
      return true;
    }

    @Override
    public boolean resourceSample(ResourceSample sample) {
      samples.add(sample);
      return true;
    }
  }
}
