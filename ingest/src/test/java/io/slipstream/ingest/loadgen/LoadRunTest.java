package io.slipstream.ingest.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.avro.RequestEvent;
import io.slipstream.avro.ResourceSample;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LoadRunTest {

  private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

  @Test
  void shouldSpaceTimestampsEvenlyAtTheAcceleratedRate() {
    CollectingSink sink = new CollectingSink();
    TrafficGenerator traffic =
        new TrafficGenerator(
            3,
            2,
            new TrafficProfile(0, new LognormalLatency(1_000, 0.1), List.of()),
            new SplittableRandom(1));
    // 1000 requests/s at 60x: request n is due n ms of wall time in, 60 n ms simulated.
    LoadRun run =
        new LoadRun(
            traffic,
            new SimulatedClock(START, 60),
            new LoadRun.Settings(
                1_000, Duration.ofSeconds(30), 200, Duration.ofSeconds(1), Duration.ZERO));

    LoadRun.Summary summary = run.run(sink, new PrintWriter(new StringWriter()));

    assertThat(summary.requestEvents()).isEqualTo(200);
    assertThat(sink.requests).hasSize(200);
    for (int n = 0; n < 200; n++) {
      assertThat(sink.requests.get(n).getTimestamp()).isEqualTo(START.plusMillis(60L * n));
    }
    // ~0.2 s of wall time is ~12 s simulated: a sample of each of the 6 instances per second.
    assertThat(sink.samples).isNotEmpty();
    assertThat(sink.samples.size() % 6).isZero();
    assertThat(sink.samples.get(0).getTimestamp()).isEqualTo(START);
  }

  @Test
  void shouldSkipASilencedServiceAndCountIt() {
    CollectingSink sink = new CollectingSink();
    TrafficProfile profile =
        new TrafficProfile(
            0,
            new LognormalLatency(1_000, 0.1),
            List.of(Incident.parse("silence:service=checkout,start=0s,duration=1d")));
    LoadRun run =
        new LoadRun(
            new TrafficGenerator(2, 1, profile, new SplittableRandom(3)),
            new SimulatedClock(START, 1),
            new LoadRun.Settings(
                5_000, Duration.ofSeconds(30), 1_000, Duration.ZERO, Duration.ZERO));

    LoadRun.Summary summary = run.run(sink, null);

    assertThat(summary.requestEvents() + summary.silenced()).isEqualTo(1_000);
    assertThat(summary.silenced()).isPositive();
    assertThat(sink.requests).allSatisfy(e -> assertThat(e.getService()).isEqualTo("payments"));
  }

  private static final class CollectingSink implements EventSink {
    final List<RequestEvent> requests = new ArrayList<>();
    final List<ResourceSample> samples = new ArrayList<>();

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
