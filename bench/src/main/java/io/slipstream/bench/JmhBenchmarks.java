package io.slipstream.bench;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the JMH micro-benchmarks of the hot pieces ({@code *Jmh} classes: serde, sketches and
 * buckets, SLO evaluation) with a short configuration and writes the scores, and the ratios against
 * their same-run baselines, to the {@code jmh} section of the document.
 *
 * <p>Usage: {@code JmhBenchmarks [--include=Jmh] [--forks=1] [--warmup-iterations=3]
 * [--iterations=5] [--iteration-seconds=1] [--doc=...]}
 */
public final class JmhBenchmarks {
  static final GeneratedSection SECTION = new GeneratedSection("jmh");

  /** Benchmark whose score is compared with another's in the same run: (subject, baseline). */
  private static final Map<String, String> RATIOS = new LinkedHashMap<>();

  static {
    RATIOS.put("SerdeJmh.encodeSlipstream", "SerdeJmh.encodeGenericBaseline");
    RATIOS.put("SerdeJmh.decodeSlipstream", "SerdeJmh.decodeGenericBaseline");
    RATIOS.put(
        "SketchJmh.newSketchAnd64InsertsSlipstream",
        "SketchJmh.newSketchAnd64InsertsLibraryDefault");
    RATIOS.put("SketchJmh.insertWarmSlipstream", "SketchJmh.insertWarmLibraryDefault");
    RATIOS.put("SketchJmh.mergeSlipstream", "SketchJmh.mergeLibraryDefault");
    RATIOS.put("EvaluationJmh.evaluateOneSlo[30d]", "EvaluationJmh.evaluateOneSlo[1h]");
    RATIOS.put("ExemplarJmh.offerCurrent", "ExemplarJmh.offerPrevious");
    RATIOS.put("BucketUpdateJmh.operationThenMerge", "BucketUpdateJmh.serviceAndOperation");
    RATIOS.put("EvaluationEncodingJmh.encodeOnce", "EvaluationEncodingJmh.encodeTwice");
  }

  private JmhBenchmarks() {}

  public static void main(String[] args) throws RunnerException {
    Flags flags = Flags.parse(args, System.getProperties(), "bench.");
    int iterationSeconds = (int) flags.longValue("iteration-seconds", 1);
    Options options =
        new OptionsBuilder()
            .include(flags.string("include", "Jmh"))
            .forks((int) flags.longValue("forks", 1))
            .warmupIterations((int) flags.longValue("warmup-iterations", 3))
            .warmupTime(TimeValue.seconds(iterationSeconds))
            .measurementIterations((int) flags.longValue("iterations", 5))
            .measurementTime(TimeValue.seconds(iterationSeconds))
            .shouldFailOnError(true)
            .build();
    double busyBefore =
        MachineLoad.awaitQuiet(
            0.2, flags.seconds("quiet-timeout-seconds", java.time.Duration.ofSeconds(60)));
    var loadBefore = MachineLoad.sample();
    Collection<RunResult> results = new Runner(options).run();
    double busy = MachineLoad.busyShare(loadBefore, MachineLoad.sample());
    String report =
        render(
            flags.string("command", "bench/run-jmh.sh"),
            MachineInfo.describe(),
            scores(results),
            busyBefore,
            busy,
            Instant.now());
    System.out.println(report);
    Optional.of(flags.string("doc", ""))
        .filter(doc -> !doc.isBlank())
        .map(Path::of)
        .ifPresent(doc -> SECTION.update(doc, report));
  }

  /** A benchmark's score: mean and 99.9 % error, in the benchmark's unit. */
  record Score(String name, double mean, double error, String unit) {}

  static List<Score> scores(Collection<RunResult> results) {
    List<Score> scores = new ArrayList<>();
    for (RunResult result : results) {
      String label = result.getParams().getBenchmark();
      label = label.substring(label.lastIndexOf('.', label.lastIndexOf('.') - 1) + 1);
      Collection<String> keys = result.getParams().getParamsKeys();
      if (!keys.isEmpty()) {
        List<String> values = new ArrayList<>();
        keys.forEach(key -> values.add(result.getParams().getParam(key)));
        label += "[" + String.join(",", values) + "]";
      }
      var primary = result.getPrimaryResult();
      scores.add(
          new Score(label, primary.getScore(), primary.getScoreError(), primary.getScoreUnit()));
    }
    return scores;
  }

  static String render(
      String command,
      MachineInfo machine,
      List<Score> scores,
      double busyBefore,
      double busyDuring,
      Instant at) {
    StringBuilder out = new StringBuilder();
    out.append(
        SECTION.header(
            command,
            machine,
            at,
            "Machine "
                + percent(busyBefore)
                + " busy before the run, "
                + percent(busyDuring)
                + " during it (all cores, including the benchmark's own thread)."));
    out.append("| benchmark | mean | ± (99.9 %) | unit |\n|---|---:|---:|---|\n");
    for (Score score : scores) {
      out.append(
          String.format(
              Locale.ROOT,
              "| `%s` | %.1f | %.1f | %s |%n",
              score.name(),
              score.mean(),
              score.error(),
              score.unit()));
    }
    out.append("\n**Same-run ratios** (time per operation, subject / baseline):\n\n");
    RATIOS.forEach(
        (subject, baseline) -> {
          Optional<Score> s = find(scores, subject);
          Optional<Score> b = find(scores, baseline);
          if (s.isPresent() && b.isPresent()) {
            out.append(
                String.format(
                    Locale.ROOT,
                    "- `%s` / `%s` = %.2f%n",
                    subject,
                    baseline,
                    s.get().mean() / b.get().mean()));
          }
        });
    out.append('\n').append(SECTION.end()).append('\n');
    return out.toString();
  }

  private static Optional<Score> find(List<Score> scores, String name) {
    return scores.stream().filter(score -> score.name().equals(name)).findFirst();
  }

  private static String percent(double share) {
    return Double.isNaN(share) ? "–" : Math.round(100 * share) + " %";
  }
}
