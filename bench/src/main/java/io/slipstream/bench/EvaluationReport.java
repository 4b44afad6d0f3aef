package io.slipstream.bench;

import io.slipstream.bench.EvaluationBenchmark.Result;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The evaluation-cost figures as a generated markdown section. */
final class EvaluationReport {
  static final GeneratedSection SECTION = new GeneratedSection("evaluation");

  /** Evaluation must finish within its own interval. */
  private static final double TARGET_MILLIS = EvaluationRun.EVALUATION_INTERVAL_MS;

  /** A long period may cost at most this much more than a short one. */
  private static final double TARGET_PERIOD_RATIO = 1.2;

  private EvaluationReport() {}

  static String render(
      EvaluationBenchmark.Options options, MachineInfo machine, List<Result> results, Instant at) {
    StringBuilder out = new StringBuilder();
    out.append(
        SECTION.header(
            options.command(),
            machine,
            at,
            String.format(
                Locale.ROOT,
                "Max heap %d MiB. %d measured ticks per case after %d warm-up ticks; %d SLOs per"
                    + " service.",
                Runtime.getRuntime().maxMemory() >> 20,
                options.ticks(),
                options.warmupTicks(),
                options.perService())));
    out.append(
        "| SLOs | period | tick median (ms) | tick max (ms) | µs per SLO | burn rates per tick |"
            + " heap per SLO (bytes) | machine busy |\n");
    out.append("|---:|---|---:|---:|---:|---:|---:|---:|\n");
    for (Result result : results) {
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %.1f | %.1f | %.2f | %.0f | %s | %s |%n",
              ResultsReport.number(result.fleet().slos()),
              result.fleet().period(),
              result.medianMillis(),
              result.maxMillis(),
              result.microsPerSlo(),
              result.burnRatesPerTick(),
              result.heapBytesPerSlo() < 0 ? "–" : ResultsReport.number(result.heapBytesPerSlo()),
              Double.isNaN(result.busyShare())
                  ? "–"
                  : Math.round(100 * result.busyShare()) + " %"));
    }
    out.append(
        "\n_tick_: processing and committing the one event that moves event time to the next 10 s"
            + " boundary, at which the task evaluates every SLO it accounts for and publishes a burn"
            + " rate for each (results and alert states committed). _heap per SLO_: heap retained"
            + " after a full GC once every SLO has been accounted, over the SLO count.\n\n");
    verdicts(out, results);
    out.append(SECTION.end()).append('\n');
    return out.toString();
  }

  private static void verdicts(StringBuilder out, List<Result> results) {
    Optional<Result> largest =
        results.stream().max((a, b) -> Integer.compare(a.fleet().slos(), b.fleet().slos()));
    largest.ifPresent(
        result -> {
          double share = result.medianMillis() / TARGET_MILLIS;
          out.append(
              String.format(
                  Locale.ROOT,
                  "- %s SLOs evaluated in %.0f ms (median; max %.0f ms): %.2f of the 10 s interval"
                      + " (target: within it — %s).%n",
                  ResultsReport.number(result.fleet().slos()),
                  result.medianMillis(),
                  result.maxMillis(),
                  share,
                  result.maxMillis() <= TARGET_MILLIS
                      ? "met"
                      : String.format(Locale.ROOT, "missed by %.1f×", share)));
        });
    for (int i = 0; i + 1 < results.size(); i++) {
      Result a = results.get(i);
      Result b = results.get(i + 1);
      if (a.fleet().slos() == b.fleet().slos() && !a.fleet().period().equals(b.fleet().period())) {
        double ratio = b.medianMillis() / a.medianMillis();
        out.append(
            String.format(
                Locale.ROOT,
                "- %s SLOs, period %s / period %s, same run, one after the other: %.2f× per tick"
                    + " (target ≤ %.1f× — %s).%n",
                ResultsReport.number(a.fleet().slos()),
                b.fleet().period(),
                a.fleet().period(),
                ratio,
                TARGET_PERIOD_RATIO,
                ratio <= TARGET_PERIOD_RATIO ? "met" : "missed"));
      }
    }
    out.append('\n');
  }
}
