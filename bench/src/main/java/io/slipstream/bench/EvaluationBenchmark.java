package io.slipstream.bench;

import io.slipstream.localstack.ApicurioSchemaRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluation cost of the SLO engine: for each SLO count and period, the production topology in a
 * {@link EvaluationRun} accounts for every SLO, then times evaluation ticks (every SLO evaluated,
 * results and alert states committed) and the heap each accounted SLO holds. Writes the figures to
 * the {@code evaluation} section of the document.
 *
 * <p>Usage: {@code EvaluationBenchmark [--slos=1000,10000,100000] [--periods=30d,1h]
 * [--period-slos=10000] [--ticks=8] [--warmup-ticks=2] [--per-service=10] [--doc=...]}
 */
public final class EvaluationBenchmark {
  private static final Logger LOG = LoggerFactory.getLogger(EvaluationBenchmark.class);

  /**
   * One measured case.
   *
   * @param fleet the SLOs in force
   * @param tickNanos time to process and commit each measured tick, warm-up ticks left out
   * @param burnRatesPerTick burn-rate evaluations the measured ticks published, per tick
   * @param heapBytesPerSlo heap retained per accounted SLO (after a full GC), or -1 if unknown
   * @param busyShare how busy the machine was while the ticks ran (all cores), NaN if unknown
   */
  record Result(
      SloFleet fleet,
      long[] tickNanos,
      double burnRatesPerTick,
      long heapBytesPerSlo,
      double busyShare) {
    double medianMillis() {
      long[] sorted = tickNanos.clone();
      Arrays.sort(sorted);
      return sorted[sorted.length / 2] / 1e6;
    }

    double maxMillis() {
      return Arrays.stream(tickNanos).max().orElse(0) / 1e6;
    }

    /** Median time per SLO per tick, in microseconds. */
    double microsPerSlo() {
      return medianMillis() * 1000 / fleet.slos();
    }
  }

  /** What to run. */
  record Options(
      List<Integer> sloCounts,
      List<String> periods,
      int periodSlos,
      int perService,
      int ticks,
      int warmupTicks,
      double quietThreshold,
      Duration quietTimeout,
      Optional<Path> doc,
      String command) {
    static Options parse(String[] args) {
      Flags flags = Flags.parse(args, System.getProperties(), "bench.");
      return new Options(
          Arrays.stream(flags.string("slos", "1000,10000,100000").split(","))
              .map(s -> Integer.parseInt(s.replace("_", "").trim()))
              .toList(),
          List.of(flags.string("periods", "30d,1h").split(",")),
          (int) flags.longValue("period-slos", 10_000),
          (int) flags.longValue("per-service", 10),
          (int) flags.longValue("ticks", 8),
          (int) flags.longValue("warmup-ticks", 2),
          Double.parseDouble(flags.string("quiet-threshold", "0.2")),
          flags.seconds("quiet-timeout-seconds", Duration.ofSeconds(20)),
          Optional.of(flags.string("doc", "")).filter(s -> !s.isBlank()).map(Path::of),
          flags.string("command", "bench/run-evaluation.sh"));
    }
  }

  private EvaluationBenchmark() {}

  public static void main(String[] args) {
    Options options = Options.parse(args);
    List<Result> results = run(options);
    String report =
        EvaluationReport.render(options, MachineInfo.describe(), results, Instant.now());
    System.out.println(report);
    options.doc().ifPresent(doc -> EvaluationReport.SECTION.update(doc, report));
  }

  /** Runs every case: each SLO count at the first period, then each period at period-slos. */
  static List<Result> run(Options options) {
    List<SloFleet> fleets = new ArrayList<>();
    String firstPeriod = options.periods().get(0);
    for (int slos : options.sloCounts()) {
      fleets.add(new SloFleet(slos, options.perService(), firstPeriod));
    }
    for (String period : options.periods().subList(1, options.periods().size())) {
      fleets.add(new SloFleet(options.periodSlos(), options.perService(), period));
      // The first period again at the same count, right after: a same-run baseline.
      fleets.add(new SloFleet(options.periodSlos(), options.perService(), firstPeriod));
    }
    List<Result> results = new ArrayList<>();
    try (ApicurioSchemaRegistry registry = ApicurioSchemaRegistry.start()) {
      // Unreported: loads and compiles the code paths, so the first case's heap and ticks are not
      // inflated by class loading and the interpreter.
      measure(registry.url(), new SloFleet(1_000, options.perService(), firstPeriod), options);
      for (SloFleet fleet : fleets) {
        results.add(measure(registry.url(), fleet, options));
      }
    }
    return results;
  }

  static Result measure(String registryUrl, SloFleet fleet, Options options) {
    LOG.info(
        "{} SLOs over {} (period {}): setting up", fleet.slos(), fleet.services(), fleet.period());
    long start = Math.floorDiv(System.currentTimeMillis(), 60_000L) * 60_000L;
    try (EvaluationRun run = new EvaluationRun(registryUrl, fleet, start)) {
      long heapBefore = usedHeapAfterGc();
      run.accountEverySlo();
      long heapAfter = usedHeapAfterGc();
      if (options.quietTimeout().compareTo(Duration.ZERO) > 0) {
        MachineLoad.awaitQuiet(options.quietThreshold(), options.quietTimeout());
      }
      var loadBefore = MachineLoad.sample();
      long[] measured = new long[options.ticks()];
      long burnRates = 0;
      for (int tick = 1; tick <= options.warmupTicks() + options.ticks(); tick++) {
        long nanos = run.tick(tick);
        long published = run.drain();
        if (tick > options.warmupTicks()) {
          measured[tick - options.warmupTicks() - 1] = nanos;
          burnRates += published;
        }
      }
      double busy = MachineLoad.busyShare(loadBefore, MachineLoad.sample());
      Result result =
          new Result(
              fleet,
              measured,
              (double) burnRates / options.ticks(),
              heapBefore < 0 ? -1 : (heapAfter - heapBefore) / fleet.slos(),
              busy);
      LOG.info(
          "{} SLOs, period {}: median tick {} ms, max {} ms, {} burn rates per tick, {} B heap per SLO",
          fleet.slos(),
          fleet.period(),
          String.format("%.1f", result.medianMillis()),
          String.format("%.1f", result.maxMillis()),
          result.burnRatesPerTick(),
          result.heapBytesPerSlo());
      return result;
    }
  }

  /** Heap in use after full collections (System.gc() is honoured by the default collectors). */
  private static long usedHeapAfterGc() {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
