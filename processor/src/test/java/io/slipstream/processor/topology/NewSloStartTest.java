package io.slipstream.processor.topology;

import static io.slipstream.processor.topology.TopologyFixture.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.avro.BurnRateEvaluation;
import io.slipstream.avro.RequestEvent;
import io.slipstream.avro.WindowBurnRate;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An SLO published while the processor runs: it starts from the retained SLI aggregates where they
 * answer its indicator, and says from when its figures hold every event.
 */
class NewSloStartTest {
  private static final long T0 = 1_700_002_800_000L;
  private static final long MINUTE = 60_000;
  private static final long HOUR = 60 * MINUTE;
  private static final long DEFINED_AT = T0 + 20 * MINUTE;
  private static final long END = T0 + 25 * MINUTE;

  private TopologyFixture fixture;

  @BeforeEach
  void start() {
    fixture =
        TopologyFixture.replaying(
            TopologyFixture.inMemoryRegistry(),
            TopologyFixture.uniquePrefix(),
            Instant.ofEpochMilli(T0),
            Duration.ofDays(30));
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void shouldStartAnAvailabilitySloFromTheRetainedBaseBuckets() {
    List<RequestEvent> events = traffic("GET /cart");
    BurnRateOracle oracle = new BurnRateOracle(0.999, Duration.ofDays(30).toMillis());
    events.forEach(oracle::arrive);
    sendDefiningMidway(events, "checkout-availability", "checkout-availability.yaml");

    BurnRateEvaluation last = lastEvaluationAtOrBefore(END);
    oracle.assertMatches(last);
    assertThat(window(last, "30m").getTotalEvents())
        .as("every request of the 25 minutes, most of them processed before the SLO existed")
        .isEqualTo(events.size());
    assertThat(last.getCompleteFrom())
        .as("complete from the retained buckets' start, about two days back on a whole hour")
        .isNotNull()
        .isBefore(Instant.ofEpochMilli(T0 - 40 * HOUR))
        .isAfter(Instant.ofEpochMilli(T0 - 48 * HOUR));
    assertThat(last.getCompleteFrom().toEpochMilli() % HOUR).isZero();
  }

  @Test
  void shouldSayFromWhenALatencySloCountsEveryEvent() {
    List<RequestEvent> events = traffic("GET /items");
    sendDefiningMidway(events, "checkout-latency", "checkout-latency.yaml");

    BurnRateEvaluation last = lastEvaluationAtOrBefore(END);
    long afterDefinition =
        events.stream().filter(e -> e.getTimestamp().toEpochMilli() >= DEFINED_AT).count();
    assertThat(window(last, "30m").getTotalEvents())
        .as("the base buckets cannot say which requests were under 300 ms: only later ones count")
        .isEqualTo(afterDefinition);
    assertThat(last.getCompleteFrom())
        .as("the end of the last bucket processed before the definition")
        .isEqualTo(Instant.ofEpochMilli(DEFINED_AT));
  }

  /** A request a second from T0 to the end, one in ten failing or slow in minutes 5 to 8. */
  private static List<RequestEvent> traffic(String operation) {
    List<RequestEvent> events = new ArrayList<>();
    for (long t = T0; t < END; t += 1_000) {
      boolean incident = t >= T0 + 5 * MINUTE && t < T0 + 8 * MINUTE && (t / 1_000) % 10 == 0;
      events.add(
          event("checkout", operation, t, incident ? 900_000 : 20_000, incident ? 503 : 200));
    }
    return events;
  }

  /** Sends the events in order, defining the SLO once those before {@link #DEFINED_AT} are in. */
  private void sendDefiningMidway(List<RequestEvent> events, String id, String file) {
    boolean defined = false;
    for (RequestEvent event : events) {
      if (!defined && event.getTimestamp().toEpochMilli() >= DEFINED_AT) {
        fixture.define(id, Path.of("../examples/slos", file));
        defined = true;
      }
      fixture.send(event);
    }
    // A trailer so that the tick at the end is evaluated.
    fixture.send(event("checkout", "GET /other", END + 2 * MINUTE, 20_000, 200));
  }

  private BurnRateEvaluation lastEvaluationAtOrBefore(long time) {
    List<BurnRateEvaluation> all =
        fixture.sloBurnRates.readValuesToList().stream()
            .filter(e -> e.getEvaluatedAt().toEpochMilli() <= time)
            .toList();
    assertThat(all).isNotEmpty();
    BurnRateEvaluation last = all.get(all.size() - 1);
    assertThat(last.getEvaluatedAt()).isEqualTo(Instant.ofEpochMilli(time));
    return last;
  }

  private static WindowBurnRate window(BurnRateEvaluation evaluation, String name) {
    return evaluation.getWindows().stream()
        .filter(w -> w.getWindow().equals(name))
        .findFirst()
        .orElseThrow();
  }
}
