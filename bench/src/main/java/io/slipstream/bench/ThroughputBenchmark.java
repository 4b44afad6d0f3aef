package io.slipstream.bench;

import io.slipstream.contracts.Topics;
import io.slipstream.localstack.ApicurioSchemaRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end-to-end throughput harness. In one run, on one preloaded topic:
 *
 * <ol>
 *   <li>starts a Kafka broker ({@link BrokerMain}) and the Apicurio registry, each in a child JVM;
 *   <li>loads {@code --events} generated request events ({@link RequestEventGenerator}) into {@code
 *       request-events} (untimed);
 *   <li>times each variant ({@link Variant}) in a fresh child JVM ({@link VariantMain}), one at a
 *       time, each with its own group / application id, from start until caught up;
 *   <li>optionally runs Slipstream once more under JFR and summarizes its hot methods;
 *   <li>prints a markdown report, writes it to {@code <out>/results.md} and, with {@code --doc},
 *       into that document's generated section.
 * </ol>
 *
 * See {@link BenchmarkOptions} for the settings; {@code bench/run-throughput.sh} builds and runs.
 */
public final class ThroughputBenchmark {
  private static final Logger LOG = LoggerFactory.getLogger(ThroughputBenchmark.class);

  /** Time a variant JVM gets beyond its own limit: JVM and client start-up, closing. */
  private static final Duration CHILD_MARGIN = Duration.ofMinutes(3);

  private static final AtomicInteger RUN_NUMBER = new AtomicInteger();

  private static final DateTimeFormatter RUN_ID =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private ThroughputBenchmark() {}

  /** What a run produced. */
  record Outcome(LoadSummary load, List<RunResult> results, String report, Path resultsFile) {}

  public static void main(String[] args) {
    BenchmarkOptions options;
    try {
      options = BenchmarkOptions.parse(args, System.getProperties());
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    try {
      Outcome outcome = run(options);
      System.out.println();
      System.out.println(outcome.report());
      LOG.info("results written to {}", outcome.resultsFile());
      System.exit(0);
    } catch (RuntimeException e) {
      LOG.error("throughput benchmark failed", e);
      System.exit(1);
    }
  }

  /**
   * Runs the whole benchmark.
   *
   * @throws IllegalStateException if the stack does not start, loading fails, or a variant fails
   */
  static Outcome run(BenchmarkOptions options) {
    Instant started = Instant.now();
    Path runDir = options.outDir().resolve("run-" + RUN_ID.format(started));
    createDirectories(runDir);
    MachineInfo machine = MachineInfo.describe();
    LOG.info("throughput benchmark: {} in {}", options, runDir);
    Topics topics = Topics.defaults();
    try (ChildBroker broker =
            ChildBroker.launch(runDir, jvmArgs(options.brokerHeap(), options.childJvmArgs()));
        ApicurioSchemaRegistry registry = ApicurioSchemaRegistry.start()) {
      String bootstrapServers = broker.awaitServing();
      LOG.info("stack ready: broker {}, registry {}", bootstrapServers, registry.url());
      // Event times end a little before now, so none is in the future when it is processed.
      LoadSummary load =
          TopicLoader.load(
              bootstrapServers, registry.url(), topics, options, Instant.now().minusSeconds(5));
      LOG.info(
          "loaded {} events ({} per partition, {} B average value) in {} s",
          load.events(),
          load.endOffsets(),
          String.format("%.1f", load.averageValueBytes()),
          load.loadTime().toSeconds());

      List<RunResult> results = new ArrayList<>();
      // Rounds of all variants rather than all runs of one variant after another, so that a
      // change in background load does not fall on one variant only.
      for (int round = 1; round <= options.repeats(); round++) {
        for (Variant variant : options.variants()) {
          if (variant == Variant.NAIVE_DSL && round > 1) {
            continue; // capped at minutes per run: once is enough to show the order of magnitude
          }
          RunResult result =
              runVariant(variant, options, runDir, broker, registry.url(), load, null);
          LOG.info(
              "{}: {} records in {} s = {} events/s{}",
              variant.id(),
              result.processedRecords(),
              String.format("%.2f", result.elapsedSeconds()),
              Math.round(result.eventsPerSecond()),
              result.capped() ? " (" + result.cap() + ")" : "");
          results.add(result);
        }
      }

      String jfrSummary = null;
      if (options.jfr() && options.variants().contains(Variant.SLIPSTREAM)) {
        Path recording = runDir.resolve("slipstream.jfr");
        RunResult profiled =
            runVariant(
                Variant.SLIPSTREAM, options, runDir, broker, registry.url(), load, recording);
        LOG.info(
            "profiled Slipstream run: {} events/s under JFR, recording {}",
            Math.round(profiled.eventsPerSecond()),
            recording);
        jfrSummary =
            String.format(
                    "Recording: `%s`; rate under JFR: %s events/s.%n%n",
                    recording, ResultsReport.number(Math.round(profiled.eventsPerSecond())))
                + JfrHotMethods.summarize(recording);
      }

      String report =
          ResultsReport.render(options, machine, load, results, jfrSummary, Instant.now());
      Path resultsFile = options.outDir().resolve("results.md");
      write(resultsFile, report);
      write(runDir.resolve("results.md"), report);
      if (options.doc() != null) {
        ResultsReport.updateDocument(options.doc(), report);
        LOG.info("updated the generated section of {}", options.doc());
      }
      return new Outcome(load, results, report, resultsFile);
    }
  }

  private static RunResult runVariant(
      Variant variant,
      BenchmarkOptions options,
      Path runDir,
      ChildBroker broker,
      String registryUrl,
      LoadSummary load,
      Path jfrRecording) {
    String bootstrapServers = broker.bootstrapServers();
    // Numbered: a variant listed twice gets its own group, state and files each time.
    String name =
        String.format(
            "%02d-%s%s",
            RUN_NUMBER.incrementAndGet(), variant.id(), jfrRecording == null ? "" : "-jfr");
    Path resultFile = runDir.resolve(name + ".result");
    boolean baseline = variant == Variant.NAIVE_DSL;
    Duration limit = baseline ? options.baselineTimeLimit() : options.variantTimeLimit();
    List<String> args = new ArrayList<>();
    args.add("--variant=" + variant.id());
    args.add("--bootstrap-servers=" + bootstrapServers);
    args.add("--registry-url=" + registryUrl);
    args.add("--group=bench-" + name);
    args.add(
        "--end-offsets="
            + load.endOffsets().stream().map(String::valueOf).collect(Collectors.joining(",")));
    args.add("--state-dir=" + runDir.resolve("state-" + name));
    args.add("--result=" + resultFile);
    args.add("--time-limit-seconds=" + limit.toSeconds());
    if (baseline) {
      // The naive hopping windows are far slower; stop them and extrapolate honestly.
      args.add("--limit-is-cap=true");
      args.add("--max-records=" + options.baselineMaxRecords());
    }
    if (jfrRecording != null) {
      args.add("--jfr=" + jfrRecording);
    }
    if (variant == Variant.SLIPSTREAM && !options.slipstreamOverrides().isEmpty()) {
      args.add(
          "--slipstream-overrides="
              + BenchmarkOptions.formatSettings(options.slipstreamOverrides()));
    }
    double busyBefore =
        options.quietTimeout().isZero()
            ? Double.NaN
            : MachineLoad.awaitQuiet(options.quietThreshold(), options.quietTimeout());
    LOG.info("timing {}: {}", name, variant.description());
    long brokerCpuBefore = broker.cpuNanos();
    try (ChildJvm jvm =
        ChildJvm.start(
            name,
            jvmArgs(options.variantHeap(), options.childJvmArgs()),
            VariantMain.class,
            args,
            runDir.resolve(name + ".log"))) {
      int exitCode = jvm.awaitExit(limit.plus(CHILD_MARGIN));
      if (exitCode != 0 || !Files.exists(resultFile)) {
        throw new IllegalStateException(
            name + " failed with exit code " + exitCode + "; its log ends with:\n" + jvm.tail());
      }
    }
    long brokerCpuAfter = broker.cpuNanos();
    return RunResult.readFrom(resultFile)
        .withSurroundings(
            brokerCpuBefore < 0 || brokerCpuAfter < 0 ? -1 : brokerCpuAfter - brokerCpuBefore,
            busyBefore);
  }

  private static List<String> jvmArgs(String heap, List<String> extra) {
    List<String> args = new ArrayList<>(List.of("-Xms" + heap, "-Xmx" + heap));
    args.addAll(extra);
    return args;
  }

  private static void createDirectories(Path directory) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + directory, e);
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
