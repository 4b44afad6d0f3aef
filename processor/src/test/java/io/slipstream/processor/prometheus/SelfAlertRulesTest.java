package io.slipstream.processor.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The alerts on Slipstream itself ({@code deploy/prometheus/slipstream-rules.yaml}) are valid rules
 * and fire, with their labels and annotations, on the series their unit tests give (promtool's own
 * rule tests). That the metrics they name are on a processor's /metrics is checked by QueryApiIT.
 */
class SelfAlertRulesTest {
  static final Path RULES = Path.of("..", "deploy", "prometheus", "slipstream-rules.yaml");
  private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

  @Test
  void shouldBeValidRulesThatFireOnTheirTestSeries() throws Exception {
    assertThat(RULES).exists();
    if (!Files.isExecutable(PROMTOOL)) {
      System.out.println("promtool not installed; the rules are not checked with it");
      return;
    }
    assertThat(promtool("check", "rules", RULES.toString())).contains("SUCCESS: 4 rules found");
    assertThat(
            promtool(
                "test", "rules", RULES.resolveSibling("slipstream-rules.test.yaml").toString()))
        .contains("SUCCESS");
  }

  private static String promtool(String... arguments) throws Exception {
    Process process =
        new ProcessBuilder(
                java.util.stream.Stream.concat(
                        java.util.stream.Stream.of(PROMTOOL.toString()),
                        List.of(arguments).stream())
                    .toList())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finishes").isTrue();
    assertThat(process.exitValue()).as("promtool %s:%n%s", List.of(arguments), output).isZero();
    return output;
  }
}
