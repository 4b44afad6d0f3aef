package io.slipstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small run of the alert-latency harness on the real stack (broker in its own JVM, registry,
 * processor): both outages page, the crossing is known for each, and state is restored after the
 * state directory is deleted. Asserts no speed.
 */
@Tag("integration")
class AlertLatencyBenchmarkIT {

  @Test
  @Timeout(180)
  void shouldPageForEveryOutageAndRestoreTheStateAfterwards(@TempDir Path out) throws Exception {
    AlertLatencyBenchmark.Options options =
        new AlertLatencyBenchmark.Options(
            2,
            10,
            Duration.ofMinutes(10),
            Duration.ofSeconds(2),
            Duration.ZERO,
            out,
            Optional.empty(),
            "test");

    AlertLatencyBenchmark.Outcome outcome = AlertLatencyBenchmark.run(options);

    assertThat(outcome.incidents())
        .hasSize(2)
        .allSatisfy(
            incident -> {
              assertThat(incident.crossing()).isGreaterThanOrEqualTo(incident.outageStart());
              assertThat(incident.pageArrival()).isPositive();
            });
    assertThat(outcome.footprint().stateDirBytes()).isPositive();
    assertThat(outcome.footprint().restoredRecords()).isPositive();
    assertThat(outcome.footprint().storeBytes()).containsKey("slo-minute-counts-store");
    String report =
        AlertLatencyReport.render(
            options, MachineInfo.describe(), outcome, 0.1, 0.5, Instant.now());
    assertThat(report).contains("svc-1").contains("per SLO per day");
  }
}
