package io.slipstream.processor.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Runs {@code promtool check metrics} over an exposition when promtool is installed. */
final class PromtoolCheck {
  static final Path PROMTOOL = Path.of("/usr/bin/promtool");

  private PromtoolCheck() {}

  /**
   * Fails unless promtool parses the whole {@code exposition} and finds no lint problem in
   * Slipstream's own metrics ({@code slipstream_*}). Kafka's client metrics, named by Kafka, do not
   * follow Prometheus naming (e.g. {@code _time_ns_total}), so they are only parsed. Does nothing
   * when promtool is missing ({@code .ci/install-test-deps} installs it).
   */
  static void assertValid(String exposition) throws IOException, InterruptedException {
    if (!Files.isExecutable(PROMTOOL)) {
      System.out.println("promtool not installed; /metrics not checked with it");
      return;
    }
    Result all = run(exposition);
    // promtool exits 1 when it cannot parse the input, 3 when it parsed it and found lint problems.
    assertThat(all.exitCode()).as("promtool parses /metrics:%n%s", all.output()).isIn(0, 3);
    assertThat(all.output()).doesNotContain("error while linting");
    String ours =
        exposition
            .lines()
            .filter(
                line ->
                    line.startsWith("slipstream_") || line.matches("# (HELP|TYPE) slipstream_.*"))
            .collect(Collectors.joining("\n", "", "\n"));
    assertThat(ours).contains("slipstream_slo_burn_rate");
    Result lint = run(ours);
    assertThat(lint.exitCode())
        .as("promtool lints slipstream_* metrics:%n%s", lint.output())
        .isZero();
  }

  private record Result(int exitCode, String output) {}

  private static Result run(String input) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(PROMTOOL.toString(), "check", "metrics")
            .redirectErrorStream(true)
            .start();
    try (OutputStream in = process.getOutputStream()) {
      in.write(input.getBytes(StandardCharsets.UTF_8));
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("promtool finishes").isTrue();
    return new Result(process.exitValue(), output);
  }
}
