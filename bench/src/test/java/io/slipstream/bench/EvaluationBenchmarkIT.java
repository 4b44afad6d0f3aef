package io.slipstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.localstack.ApicurioSchemaRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A small run of the evaluation harness on the production topology and a real registry: every SLO
 * is evaluated at every tick and the report states it. Asserts no speed.
 */
@Tag("integration")
class EvaluationBenchmarkIT {

  @Test
  @Timeout(60)
  void shouldPublishOneBurnRatePerSloAtEveryTick() {
    EvaluationBenchmark.Options options =
        new EvaluationBenchmark.Options(
            List.of(40),
            List.of("30d", "1h"),
            40,
            10,
            2,
            1,
            0.2,
            Duration.ZERO,
            Optional.empty(),
            "test");
    SloFleet fleet = new SloFleet(40, 10, "30d");
    EvaluationBenchmark.Result result;
    try (ApicurioSchemaRegistry registry = ApicurioSchemaRegistry.start()) {
      result = EvaluationBenchmark.measure(registry.url(), fleet, options);
    }

    assertThat(result.burnRatesPerTick()).isEqualTo(40.0);
    assertThat(result.tickNanos()).hasSize(2);
    assertThat(Arrays.stream(result.tickNanos()).min().orElse(0)).isPositive();
    String report =
        EvaluationReport.render(options, MachineInfo.describe(), List.of(result), Instant.now());
    assertThat(report).contains("| 40 | 30d |").contains(EvaluationReport.SECTION.end());
  }
}
