package io.slipstream.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.avro.BurnRateEvaluation;
import io.slipstream.avro.Outcome;
import io.slipstream.avro.RequestEvent;
import io.slipstream.avro.WindowBurnRate;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A processor stopped and started again on its stores publishes what it would have published
 * running on: the accounting it rebuilds counts every event it had taken in, also those ahead of
 * the last tick when it stopped.
 */
class SloRestartTest {
  private static final long T0 = 1_700_002_800_000L; // a whole hour
  private static final long SECOND = 1_000;
  private static final long MINUTE = 60 * SECOND;
  private static final Path AVAILABILITY = Path.of("../examples/slos/checkout-availability.yaml");

  private TopologyFixture fixture;

  @Test
  void shouldCountAfterARestartTheEventsThatWereAheadOfTheLastTick() {
    // checkout's only requests fall after the last tick before the stop (T0 + 1 min): its whole
    // minute is ahead of the tick, waiting for the next one when the processor stops.
    Map<Long, String> uninterrupted = run(false);
    Map<Long, String> restarted = run(true);

    assertThat(((TreeMap<Long, String>) uninterrupted).lastEntry().getValue())
        .as("the failed requests are evaluated at the next tick and stay in the period")
        .startsWith("period 0/5,");
    assertThat(restarted).isEqualTo(uninterrupted);
  }

  @Test
  void shouldKeepWhatWasCountedWhenStoppedBeforeTheFirstTick() {
    // Three requests at T0, then a stop before the first tick (T0 + 10 s): no tick was evaluated,
    // so no watermark was stored, but the counts were.
    Map<Long, String> uninterrupted = beforeFirstTick(false);
    Map<Long, String> restarted = beforeFirstTick(true);

    assertThat(uninterrupted.get(T0 + 10 * SECOND)).startsWith("period 1/3,");
    assertThat(uninterrupted.get(T0 + 20 * SECOND)).startsWith("period 2/4,");
    // The first tick is T0 + 10 s after the restart too, though the first event the restarted
    // processor sees is at T0 + 15 s.
    assertThat(restarted).isEqualTo(uninterrupted);
  }

  private static TopologyFixture newFixture() {
    TopologyFixture fixture =
        TopologyFixture.restartable(
            TopologyFixture.inMemoryRegistry(),
            TopologyFixture.uniquePrefix(),
            TopologyFixture.replaySettings(Duration.ofDays(1)),
            SloSettings.defaults(),
            Instant.ofEpochMilli(T0));
    fixture.define("checkout-availability", AVAILABILITY);
    return fixture;
  }

  private Map<Long, String> beforeFirstTick(boolean restart) {
    fixture = newFixture();
    try {
      traffic("checkout", T0, T0 + 2 * SECOND, true);
      traffic("checkout", T0 + 2 * SECOND, T0 + 3 * SECOND, false);
      Map<Long, String> byTick = new TreeMap<>();
      collect(byTick);
      if (restart) {
        fixture = fixture.restarted(Instant.ofEpochMilli(T0));
      }
      traffic("checkout", T0 + 15 * SECOND, T0 + 16 * SECOND, false);
      traffic("checkout", T0 + 25 * SECOND, T0 + 26 * SECOND, false);
      collect(byTick);
      return byTick;
    } finally {
      fixture.close();
    }
  }

  /**
   * checkout's evaluations by tick, summed up; with {@code restart}, the processor stops at T0 + 65
   * s.
   */
  private Map<Long, String> run(boolean restart) {
    fixture = newFixture();
    try {
      return eventsAndRestart(restart);
    } finally {
      fixture.close();
    }
  }

  private Map<Long, String> eventsAndRestart(boolean restart) {
    // Another service moves event time to the stop; checkout fails five times after the tick.
    traffic("search", T0, T0 + MINUTE, false);
    traffic("checkout", T0 + MINUTE, T0 + MINUTE + 5 * SECOND, true);
    Map<Long, String> byTick = new TreeMap<>();
    collect(byTick);
    if (restart) {
      fixture = fixture.restarted(Instant.ofEpochMilli(T0));
    }
    // checkout falls silent; only the other service's requests move event time on.
    traffic("search", T0 + MINUTE + 5 * SECOND, T0 + 10 * MINUTE, false);
    collect(byTick);
    return byTick;
  }

  private void collect(Map<Long, String> byTick) {
    List<BurnRateEvaluation> published = fixture.sloBurnRates.readValuesToList();
    for (BurnRateEvaluation evaluation : published) {
      if (evaluation.getSloId().equals("checkout-availability")) {
        byTick.put(evaluation.getEvaluatedAt().toEpochMilli(), summary(evaluation));
      }
    }
  }

  /** An evaluation's counts: the period's and each window's, good of total. */
  static String summary(BurnRateEvaluation evaluation) {
    StringBuilder text =
        new StringBuilder("period ")
            .append(evaluation.getPeriodGoodEvents())
            .append('/')
            .append(evaluation.getPeriodTotalEvents());
    for (WindowBurnRate window : evaluation.getWindows()) {
      text.append(", ")
          .append(window.getWindow())
          .append(' ')
          .append(window.getGoodEvents())
          .append('/')
          .append(window.getTotalEvents());
    }
    return text.toString();
  }

  private void traffic(String service, long from, long to, boolean failing) {
    for (long t = from; t < to; t += SECOND) {
      fixture.send(
          RequestEvent.newBuilder()
              .setService(service)
              .setOperation("GET /")
              .setTimestamp(Instant.ofEpochMilli(t))
              .setLatencyMicros(20_000)
              .setStatusCode(failing ? 503 : 200)
              .setOutcome(failing ? Outcome.ERROR : Outcome.SUCCESS)
              .build());
    }
  }
}
