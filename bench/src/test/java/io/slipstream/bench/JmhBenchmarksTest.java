package io.slipstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** The micro-benchmarks still build and run (one short in-process iteration); no speed asserted. */
class JmhBenchmarksTest {

  @Test
  void shouldRunAMicroBenchmarkAndReportItsScore() throws Exception {
    var results =
        new Runner(
                new OptionsBuilder()
                    .include("EvaluationJmh.evaluateOneSlo")
                    .param("period", "1h")
                    .forks(0)
                    .warmupIterations(0)
                    .measurementIterations(1)
                    .measurementTime(TimeValue.milliseconds(100))
                    .build())
            .run();

    List<JmhBenchmarks.Score> scores = JmhBenchmarks.scores(results);
    assertThat(scores)
        .extracting(JmhBenchmarks.Score::name)
        .containsExactly("EvaluationJmh.evaluateOneSlo[1h]");
    assertThat(scores.get(0).mean()).isPositive();
    String report =
        JmhBenchmarks.render("test", MachineInfo.describe(), scores, 0.1, 0.5, Instant.now());
    assertThat(report).contains("`EvaluationJmh.evaluateOneSlo[1h]`");
  }
}
