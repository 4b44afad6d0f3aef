package io.slipstream.ingest.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TrafficProfileTest {

  private static final LognormalLatency LATENCY = new LognormalLatency(40_000, 0.5);

  @Test
  void shouldRaiseTheErrorRatioOnlyDuringASpikeAndOnlyForItsService() {
    TrafficProfile profile =
        new TrafficProfile(
            0.001,
            LATENCY,
            List.of(
                Incident.parse(
                    "error-spike:service=checkout,start=10m,duration=15m,error-ratio=0.2")));

    assertThat(profile.errorRatio("checkout", Duration.ofMinutes(9))).isEqualTo(0.001);
    assertThat(profile.errorRatio("checkout", Duration.ofMinutes(10))).isEqualTo(0.2);
    assertThat(profile.errorRatio("checkout", Duration.ofMinutes(24))).isEqualTo(0.2);
    assertThat(profile.errorRatio("checkout", Duration.ofMinutes(25))).isEqualTo(0.001);
    assertThat(profile.errorRatio("payments", Duration.ofMinutes(12))).isEqualTo(0.001);
  }

  @Test
  void shouldRampASlowBurnLinearlyFromTheBaselineToItsTarget() {
    TrafficProfile profile =
        new TrafficProfile(
            0.001,
            LATENCY,
            List.of(Incident.parse("slow-burn:start=1h,duration=6h,error-ratio=0.013")));

    assertThat(profile.errorRatio("any", Duration.ofHours(1))).isCloseTo(0.001, within(1e-12));
    assertThat(profile.errorRatio("any", Duration.ofHours(4))).isCloseTo(0.007, within(1e-12));
    assertThat(profile.errorRatio("any", Duration.ofMinutes(7 * 60 - 1)))
        .isCloseTo(0.001 + 0.012 * (359.0 / 360), within(1e-12));
    assertThat(profile.errorRatio("any", Duration.ofHours(7))).isEqualTo(0.001);
  }

  @Test
  void shouldMultiplyLatenciesDuringARegression() {
    TrafficProfile profile =
        new TrafficProfile(
            0,
            LATENCY,
            List.of(
                Incident.parse("latency:service=payments,start=0s,duration=5m,factor=4"),
                Incident.parse("latency:service=*,start=2m,duration=1m,factor=1.5")));

    assertThat(profile.latencyFactor("payments", Duration.ofMinutes(1))).isEqualTo(4);
    assertThat(profile.latencyFactor("payments", Duration.ofMinutes(2))).isEqualTo(6);
    assertThat(profile.latencyFactor("checkout", Duration.ofMinutes(2))).isEqualTo(1.5);
    assertThat(profile.latencyFactor("payments", Duration.ofMinutes(5))).isEqualTo(1);
    assertThat(profile.latency("payments", Duration.ofMinutes(1)).medianMicros())
        .isEqualTo(160_000);
  }

  @Test
  void shouldSilenceAServiceForTheDurationOnly() {
    TrafficProfile profile =
        new TrafficProfile(
            0, LATENCY, List.of(Incident.parse("silence:service=catalog,start=1m,duration=2m")));
    assertThat(profile.isSilent("catalog", Duration.ofSeconds(59))).isFalse();
    assertThat(profile.isSilent("catalog", Duration.ofMinutes(2))).isTrue();
    assertThat(profile.isSilent("checkout", Duration.ofMinutes(2))).isFalse();
    assertThat(profile.isSilent("catalog", Duration.ofMinutes(3))).isFalse();
  }

  @Test
  void shouldProduceTheConfiguredErrorRatioInGeneratedTraffic() {
    TrafficProfile profile =
        new TrafficProfile(
            0.01,
            LATENCY,
            List.of(
                Incident.parse(
                    "error-spike:service=checkout,start=0s,duration=1h,error-ratio=0.3")));
    TrafficGenerator traffic = new TrafficGenerator(2, 3, profile, new SplittableRandom(7));
    int[] total = new int[2];
    int[] errors = new int[2];
    for (int i = 0; i < 100_000; i++) {
      var event = traffic.nextRequest(Instant.EPOCH, Duration.ofMinutes(1)).orElseThrow();
      int s = event.getService().equals("checkout") ? 0 : 1;
      total[s]++;
      if (event.getStatusCode() >= 500) {
        errors[s]++;
      }
    }
    assertThat((double) errors[0] / total[0]).isCloseTo(0.3, within(0.01));
    assertThat((double) errors[1] / total[1]).isCloseTo(0.01, within(0.002));
  }

  @Test
  void shouldAdvanceSimulatedTimeByTheAccelerationFactor() {
    SimulatedClock clock = new SimulatedClock(Instant.parse("2025-01-01T00:00:00Z"), 60);
    assertThat(clock.simulatedElapsed(Duration.ofSeconds(1).toNanos()))
        .isEqualTo(Duration.ofMinutes(1));
    assertThat(clock.simulatedInstant(Duration.ofMinutes(1).toNanos()))
        .isEqualTo(Instant.parse("2025-01-01T01:00:00Z"));
  }

  @Test
  void shouldRejectMalformedIncidents() {
    assertThatThrownBy(() -> Incident.parse("meteor:duration=1m"))
        .hasMessageContaining("unknown incident");
    assertThatThrownBy(() -> Incident.parse("error-spike:service=a,duration=1m"))
        .hasMessageContaining("error-ratio");
    assertThatThrownBy(() -> Incident.parse("error-spike:duration=1m,error-ratio=1.5"))
        .hasMessageContaining("[0, 1]");
    assertThatThrownBy(() -> Incident.parse("latency:duration=1m,factor=0.5"))
        .hasMessageContaining("factor");
    assertThatThrownBy(() -> Incident.parse("silence:service=a")).hasMessageContaining("duration");
    assertThatThrownBy(() -> Incident.parse("silence:duration=ten minutes"))
        .hasMessageContaining("'ten minutes' is not a duration");
  }
}
