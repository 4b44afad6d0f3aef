package io.slipstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small run of the whole harness against the real stack (broker and registry in child JVMs): that
 * every variant starts, consumes and is seen to catch up. Asserts no speed: on a shared machine a
 * number would only make the test flaky.
 */
@Tag("integration")
class ThroughputBenchmarkIT {
  private static final long EVENTS = 20_000;
  private static final long BASELINE_RECORDS = 2_000;

  @Test
  @Timeout(90)
  void shouldTimeEveryVariantUntilItHasCommittedTheWholeTopic(@TempDir Path out) {
    BenchmarkOptions options =
        BenchmarkOptions.parse(
            new String[] {
              "--events=" + EVENTS,
              "--span-seconds=120",
              // The three the report compares; naive-dsl-tumbling runs the same code as naive-dsl.
              "--variants=plain-consumer,slipstream,naive-dsl",
              // The naive hopping windows are slow: restrict them to part of the topic.
              "--baseline-max-records=" + BASELINE_RECORDS,
              "--baseline-time-limit-seconds=60",
              "--time-limit-seconds=60",
              "--jfr=false",
              "--repeats=1",
              // A smoke test measures nothing: never wait for the machine to be quiet.
              "--quiet-timeout-seconds=0",
              "--variant-heap=512m",
              "--broker-heap=512m",
              // Short-lived JVMs: C1 only and the serial GC start faster and burn less CPU.
              "--child-jvm-args=-XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
              "--out=" + out
            },
            new Properties());

    ThroughputBenchmark.Outcome outcome = ThroughputBenchmark.run(options);

    assertThat(outcome.load().totalEndOffset()).isEqualTo(EVENTS);
    assertThat(outcome.results())
        .extracting(RunResult::variant)
        .containsExactly(Variant.PLAIN_CONSUMER, Variant.SLIPSTREAM, Variant.NAIVE_DSL);
    for (RunResult result : outcome.results()) {
      if (result.variant() == Variant.NAIVE_DSL) {
        assertThat(result.processedRecords())
            .as("baseline")
            .isGreaterThanOrEqualTo(BASELINE_RECORDS);
      } else {
        assertThat(result.processedRecords()).as(result.variant().id()).isEqualTo(EVENTS);
        assertThat(result.capped()).as(result.variant().id()).isFalse();
      }
      assertThat(result.eventsPerSecond()).as(result.variant().id()).isPositive();
    }
    assertThat(outcome.results().get(1).rejectedRecords()).as("dead-lettered").isZero();
    assertThat(outcome.report()).contains(ResultsReport.BEGIN, ResultsReport.END);
    assertThat(outcome.resultsFile()).exists();
  }
}
