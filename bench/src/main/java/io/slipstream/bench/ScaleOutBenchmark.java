package io.slipstream.bench;

import io.slipstream.contracts.Topics;
import io.slipstream.localstack.ApicurioSchemaRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Does the work spread over instances, and does each event cost the same? On one preloaded topic
 * (as {@link ThroughputBenchmark} loads it, {@code --partitions} partitions), Slipstream runs as
 * one Kafka Streams application in 1, then 2, then 3 JVMs at once ({@code --instances=1,2,3}), each
 * group from start until the whole topic is committed. For every group size it reports the wall
 * time, the rate, the CPU time per event summed over the instances, and each instance's share of
 * that CPU.
 *
 * <p>Usage: {@code bench/run-scale-out.sh [--events=2000000] [--partitions=6] [--instances=1,2,3]
 * [--repeats=2] [--slipstream-overrides=num.standby.replicas=0]} (other flags: {@link
 * BenchmarkOptions}).
 */
public final class ScaleOutBenchmark {
  private static final Logger LOG = LoggerFactory.getLogger(ScaleOutBenchmark.class);
  private static final Duration CHILD_MARGIN = Duration.ofMinutes(3);

  private ScaleOutBenchmark() {}

  /** One group of instances that processed the whole topic together. */
  record GroupRun(int instances, long wallNanos, List<RunResult> results, long brokerCpuNanos) {
    long cpuNanos() {
      return results.stream().mapToLong(RunResult::cpuNanos).sum();
    }

    double cpuMicrosPerEvent(long events) {
      return cpuNanos() / 1e3 / events;
    }

    /** Each instance's share of the group's CPU, in start order. */
    List<Double> shares() {
      long total = cpuNanos();
      return results.stream().map(r -> (double) r.cpuNanos() / total).toList();
    }
  }

  public static void main(String[] args) {
    List<Integer> instances = List.of(1, 2, 3);
    List<String> rest = new ArrayList<>();
    for (String arg : args) {
      if (arg.startsWith("--instances=")) {
        instances =
            Arrays.stream(arg.substring("--instances=".length()).split(","))
                .map(Integer::parseInt)
                .toList();
      } else {
        rest.add(arg);
      }
    }
    BenchmarkOptions options;
    try {
      options = BenchmarkOptions.parse(rest.toArray(String[]::new), System.getProperties());
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    try {
      System.out.println(run(options, instances));
      System.exit(0);
    } catch (RuntimeException e) {
      LOG.error("scale-out benchmark failed", e);
      System.exit(1);
    }
  }

  static String run(BenchmarkOptions options, List<Integer> instanceCounts) {
    Path runDir = options.outDir().resolve("scale-out-" + System.currentTimeMillis());
    createDirectories(runDir);
    Topics topics = Topics.defaults();
    try (ChildBroker broker =
            ChildBroker.launch(
                runDir, List.of("-Xms" + options.brokerHeap(), "-Xmx" + options.brokerHeap()));
        ApicurioSchemaRegistry registry = ApicurioSchemaRegistry.start()) {
      String bootstrapServers = broker.awaitServing();
      LoadSummary load =
          TopicLoader.load(
              bootstrapServers, registry.url(), topics, options, Instant.now().minusSeconds(5));
      LOG.info("loaded {} events on {} partitions", load.events(), load.endOffsets().size());
      List<GroupRun> runs = new ArrayList<>();
      int number = 0;
      for (int round = 1; round <= options.repeats(); round++) {
        for (int count : instanceCounts) {
          number++;
          GroupRun run = runGroup(count, number, options, runDir, broker, registry.url(), load);
          LOG.info(
              "{} instance(s): {} s, {} µs CPU per event, shares {}",
              count,
              String.format(Locale.ROOT, "%.1f", run.wallNanos() / 1e9),
              String.format(Locale.ROOT, "%.2f", run.cpuMicrosPerEvent(load.events())),
              run.shares());
          runs.add(run);
        }
      }
      return report(options, load, runs);
    }
  }

  private static GroupRun runGroup(
      int count,
      int number,
      BenchmarkOptions options,
      Path runDir,
      ChildBroker broker,
      String registryUrl,
      LoadSummary load) {
    String group = String.format(Locale.ROOT, "bench-scale-%02d-%d", number, count);
    Duration limit = options.variantTimeLimit();
    long brokerCpuBefore = broker.cpuNanos();
    long startNanos = System.nanoTime();
    List<ChildJvm> jvms = new ArrayList<>();
    List<Path> resultFiles = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        String name = group + "-" + i;
        Path resultFile = runDir.resolve(name + ".result");
        resultFiles.add(resultFile);
        List<String> args = new ArrayList<>();
        args.add("--variant=" + Variant.SLIPSTREAM.id());
        args.add("--bootstrap-servers=" + broker.bootstrapServers());
        args.add("--registry-url=" + registryUrl);
        // One group: the instances share the partitions, and each waits for the whole topic.
        args.add("--group=" + group);
        args.add(
            "--end-offsets="
                + load.endOffsets().stream().map(String::valueOf).collect(Collectors.joining(",")));
        args.add("--state-dir=" + runDir.resolve("state-" + name));
        args.add("--result=" + resultFile);
        args.add("--time-limit-seconds=" + limit.toSeconds());
        if (!options.slipstreamOverrides().isEmpty()) {
          args.add(
              "--slipstream-overrides="
                  + BenchmarkOptions.formatSettings(options.slipstreamOverrides()));
        }
        List<String> jvmArgs =
            new ArrayList<>(
                List.of("-Xms" + options.variantHeap(), "-Xmx" + options.variantHeap()));
        jvmArgs.addAll(options.childJvmArgs());
        jvms.add(
            ChildJvm.start(name, jvmArgs, VariantMain.class, args, runDir.resolve(name + ".log")));
      }
      for (ChildJvm jvm : jvms) {
        int exitCode = jvm.awaitExit(limit.plus(CHILD_MARGIN));
        if (exitCode != 0) {
          throw new IllegalStateException(
              "an instance of "
                  + group
                  + " failed with exit code "
                  + exitCode
                  + ":\n"
                  + jvm.tail());
        }
      }
    } finally {
      jvms.forEach(ChildJvm::close);
    }
    long wallNanos = System.nanoTime() - startNanos;
    List<RunResult> results = resultFiles.stream().map(RunResult::readFrom).toList();
    return new GroupRun(count, wallNanos, results, broker.cpuNanos() - brokerCpuBefore);
  }

  private static String report(BenchmarkOptions options, LoadSummary load, List<GroupRun> runs) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%,d events on %d partitions, %d SLOs, %d cores; each group from the first JVM's start"
                + " until its last exits%n%n",
            load.events(),
            load.endOffsets().size(),
            options.slos(),
            Runtime.getRuntime().availableProcessors()));
    out.append(
        "| instances | wall s | events/s | CPU µs per event (all instances) | broker CPU µs"
            + " per event | each instance's share of the CPU |\n");
    out.append("|---:|---:|---:|---:|---:|---|\n");
    for (GroupRun run : runs) {
      out.append(
          String.format(
              Locale.ROOT,
              "| %d | %.1f | %,d | %.2f | %.2f | %s |%n",
              run.instances(),
              run.wallNanos() / 1e9,
              Math.round(load.events() / (run.wallNanos() / 1e9)),
              run.cpuMicrosPerEvent(load.events()),
              run.brokerCpuNanos() / 1e3 / load.events(),
              run.shares().stream()
                  .map(share -> String.format(Locale.ROOT, "%.0f %%", share * 100))
                  .collect(Collectors.joining(" · "))));
    }
    return out.toString();
  }

  private static void createDirectories(Path directory) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + directory, e);
    }
  }
}
