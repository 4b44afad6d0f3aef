package io.slipstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ResultsReportTest {
  private static final String SECTION =
      ResultsReport.BEGIN + "\nnew figures\n" + ResultsReport.END + "\n";

  @Test
  void shouldReplaceOnlyTheGeneratedSection() {
    String doc =
        "# Benchmarks\n\nintro\n\n"
            + ResultsReport.BEGIN
            + "\nold figures\n"
            + ResultsReport.END
            + "\n\n## Analysis\nkept\n";

    String updated = ResultsReport.withSection(doc, SECTION);

    assertThat(updated)
        .isEqualTo("# Benchmarks\n\nintro\n\n" + SECTION + "\n## Analysis\nkept\n")
        .doesNotContain("old figures");
  }

  @Test
  void shouldAppendTheSectionToADocumentWithoutOne() {
    assertThat(ResultsReport.withSection("# Benchmarks\n", SECTION))
        .isEqualTo("# Benchmarks\n\n" + SECTION);
    assertThat(ResultsReport.withSection("", SECTION)).isEqualTo(SECTION);
  }

  @Test
  void shouldStateRatiosAgainstTheTargetsAndMarkExtrapolatedRates() {
    BenchmarkOptions options =
        BenchmarkOptions.parse(new String[] {"--events=1000", "--out=/tmp/x"}, new Properties());
    LoadSummary load =
        new LoadSummary(
            1_000,
            List.of(600L, 400L),
            85.0,
            Instant.parse("2025-01-01T11:50:00Z"),
            Instant.parse("2025-01-01T12:00:00Z"),
            Duration.ofSeconds(1));
    long second = 1_000_000_000L;
    List<RunResult> results =
        List.of(
            new RunResult(
                Variant.PLAIN_CONSUMER, 1_000, 1_000, second, 0, 0, "", -1, second, -1, 0.6, 0.05),
            new RunResult(
                Variant.SLIPSTREAM,
                1_000,
                1_000,
                4 * second,
                second,
                100,
                "",
                0,
                second,
                second,
                0.9,
                0.5),
            new RunResult(
                Variant.NAIVE_DSL,
                1_000,
                50,
                2 * second,
                second,
                10,
                "stopped after 2 s",
                -1,
                second,
                second,
                Double.NaN,
                Double.NaN));

    String report =
        ResultsReport.render(
            options,
            new MachineInfo(2, "cpu", "1 GiB", "java", "os"),
            load,
            results,
            null,
            Instant.parse("2025-01-01T12:05:00Z"));

    assertThat(report)
        .startsWith(ResultsReport.BEGIN)
        .endsWith(ResultsReport.END + "\n")
        .contains("Slipstream / physical limit = 0.25 (target ≥ 0.50: missed")
        .contains("Slipstream / naive DSL baseline = 10.0× (target ≥ 5×: met)")
        .contains("by CPU per record (variant + broker JVM: 2000.00 µs vs 40000.00 µs): 20.00")
        .contains("extrapolated")
        .contains("50 % busy before it started");
  }

  @Test
  void shouldCompareTheBestOfRepeatedRuns() {
    long second = 1_000_000_000L;
    List<RunResult> runs =
        List.of(
            run(Variant.SLIPSTREAM, 300, second),
            run(Variant.SLIPSTREAM, 100, second),
            run(Variant.PLAIN_CONSUMER, 999, second),
            run(Variant.SLIPSTREAM, 200, second));

    assertThat(ResultsReport.find(runs, Variant.SLIPSTREAM).orElseThrow().processedRecords())
        .isEqualTo(300);
    assertThat(ResultsReport.find(runs, Variant.NAIVE_DSL)).isEmpty();
  }

  private static RunResult run(Variant variant, long records, long nanos) {
    return new RunResult(
        variant, records, records, nanos, 0, 0, "", -1, nanos, -1, Double.NaN, Double.NaN);
  }

  @Test
  void shouldWriteAndReadResultsUnchanged() throws Exception {
    Path file = java.nio.file.Files.createTempFile("run", ".result");
    RunResult result =
        new RunResult(
            Variant.NAIVE_DSL, 10, 5, 3, 1, 2, "stopped after 1 s", -1, 7, 8, 0.25, Double.NaN);

    result.writeTo(file);

    assertThat(RunResult.readFrom(file)).isEqualTo(result);
    java.nio.file.Files.delete(file);
  }
}
