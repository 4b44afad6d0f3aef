package io.slipstream.localrun.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A few seconds of the soak harness on the embedded stack, so that it keeps working: it samples the
 * running pipeline, writes the samples and the summary, and judges them.
 */
@Tag("integration")
class SoakMainIT {
  @Test
  void shouldSampleThePipelineAndWriteTheSummaryIntoTheDocument(@TempDir Path dir)
      throws Exception {
    Path document = dir.resolve("benchmarks.md");
    Files.writeString(document, "# Benchmarks\n");

    int exitCode =
        new CommandLine(new SoakMain())
            .execute(
                "--duration=6s",
                "--sample-interval=2s",
                "--rate=500",
                "--slo-dir=../examples/slos",
                "--out=" + dir.resolve("soak"),
                "--doc=" + document);

    assertThat(exitCode).as("0 (bounded) or 3 (not bounded), not a failure").isIn(0, 3);
    List<String> csv = Files.readAllLines(dir.resolve("soak").resolve("samples.csv"));
    assertThat(csv).hasSize(4).first().isEqualTo(SoakSample.CSV_HEADER);
    for (String line : csv.subList(1, csv.size())) {
      String[] fields = line.split(",");
      assertThat(Long.parseLong(fields[3])).as("lag in %s", line).isNotNegative();
      assertThat(Long.parseLong(fields[4])).as("heap used in %s", line).isPositive();
      assertThat(Long.parseLong(fields[6])).as("live set in %s", line).isPositive();
      assertThat(Long.parseLong(fields[8])).as("RSS in %s", line).isPositive();
    }
    String[] last = csv.get(3).split(",");
    assertThat(Long.parseLong(last[1])).as("events sent after 6 s").isGreaterThan(1_000);
    assertThat(Files.readString(document))
        .startsWith("# Benchmarks\n\n" + SoakDocument.BEGIN)
        .contains("## Soak: memory, lag and GC under steady load")
        .contains("| 6 |")
        .endsWith(SoakDocument.END + "\n");
  }
}
